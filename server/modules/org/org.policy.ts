import { read, write, type Policy } from '../../platform/authz';
import { ROLES } from '../../../contracts/auth';

const everyone = ROLES;
const leaders = ['admin', 'principal', 'vice_principal', 'director'] as const;

/** Who may do what with the organisation, places and people. */
export const orgPolicy: Policy = {
  'org.district.read': read(...everyone),
  'org.school.read': read(...everyone),
  'org.school.write': write('admin'),
  /** Campuses, buildings, locations, departments, classes: everyone reads, the office keeps them. */
  'org.structure.read': read(...everyone),
  'org.structure.write': write('admin', 'director'),
  'org.summary.read': read(...everyone),
  'org.staff.read': read(...leaders, 'inspector'),
  'org.staff.write': write('admin'),
  'org.students.read': read(...leaders, 'head_teacher', 'dorm_manager', 'guard', 'inspector'),
  'org.students.write': write('admin', 'director'),
};
