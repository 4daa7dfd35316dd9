import { read, write, type Policy } from './authz';
import { ROLES, SCHOOL_ROLES } from '../../contracts/auth';

/**
 * The inspection engine's generic routes. Who may do what to one record (the inspector of an
 * inspection, the owner of a rectification, a manager of the domain other than the rectifier) is
 * checked by the engine; lists are narrowed in SQL for people who do not lead the school.
 */
export const inspectionsPolicy: Policy = {
  /** Templates: everyone reads the checklists; the school's leaders edit them. */
  'inspections.template.read': read(...ROLES),
  'inspections.template.write': write('admin', 'principal', 'vice_principal', 'director'),
  /** Inspections: anyone in a school may walk a checklist (dorm managers, canteen managers, guards …). */
  'inspections.inspection.read': read(...ROLES),
  'inspections.inspection.write': write(...SCHOOL_ROLES),
  /** The generic rectification board (a domain's own views serve details and actions). */
  'inspections.rectification.read': read(...ROLES),
  /** People a rectification may be given to. */
  'inspections.assignees.read': read('admin', 'principal', 'vice_principal', 'director'),
};
