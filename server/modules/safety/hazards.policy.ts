import { read, write, type Policy } from '../../platform/authz';
import { ROLES, SCHOOL_ROLES, type Role } from '../../../contracts/auth';

/** Who gives a hazard an owner and a deadline, and who verifies (销号) or rejects a rectification. */
export const HAZARD_MANAGERS: readonly Role[] = ['principal', 'vice_principal', 'director'];

/**
 * Hazards: anyone in a school reports one (and sees what they reported or were given); the director,
 * the vice principal or the principal assign and verify — never the one who rectified it (the engine
 * checks); the owner rectifies. The monthly report is read by the school's leaders and the district
 * inspector, and submitted by the leaders.
 */
export const hazardsPolicy: Policy = {
  'hazards.read': read(...ROLES),
  'hazards.report': write(...SCHOOL_ROLES),
  'hazards.assign': write(...HAZARD_MANAGERS),
  'hazards.rectify': write(...SCHOOL_ROLES),
  'hazards.verify': write(...HAZARD_MANAGERS),
  'hazards.monthly.read': read('admin', 'principal', 'vice_principal', 'director', 'inspector'),
  'hazards.monthly.submit': write(...HAZARD_MANAGERS),
  'hazards.submitted.read': read('admin', 'principal', 'vice_principal', 'director', 'inspector'),
  // The monthly investigation's day, due day and owner (settings module 'hazards').
  'hazards.settings.read': read('admin', 'principal', 'vice_principal', 'director'),
  'hazards.settings.write': write('admin', 'principal', 'vice_principal', 'director'),
};
