import { read, write, type Policy } from '../../platform/authz';
import { SCHOOL_ROLES, type Role } from '../../../contracts/auth';

/** The school's leaders: they see every record of the gate, duty and patrols. */
export const GATE_LEADERS: readonly Role[] = ['admin', 'principal', 'vice_principal', 'director'];
/** Who issues exit passes for any student (a head teacher only for their own classes). */
export const PASS_ISSUERS_ALL: readonly Role[] = ['principal', 'vice_principal', 'director'];
/** Who walks patrols. */
export const PATROLLERS: readonly Role[] = ['guard', 'dorm_manager', 'director', 'vice_principal'];
/** Who decides duty swaps and keeps the rosters. */
export const DUTY_MANAGERS: readonly Role[] = ['admin', 'director'];

const leaders = GATE_LEADERS as Role[];

/**
 * The gate (visitors, exit passes), duty and patrols. Guards register visitors and let students
 * out; head teachers issue passes for their classes (checked by the service against the class's
 * head teacher), leaders for anyone; the director keeps the rosters and decides swaps; guards and
 * dorm managers walk patrols. The district's inspector reads, never writes.
 */
export const gatePolicy: Policy = {
  'gate.visitors.read': read(...leaders, 'guard', 'inspector'),
  'gate.visitors.write': write('admin', 'director', 'guard'),
  'gate.passes.read': read(...leaders, 'guard', 'head_teacher', 'inspector'),
  'gate.passes.issue': write('principal', 'vice_principal', 'director', 'head_teacher'),
  'gate.passes.verify': write('guard', 'director', 'vice_principal'),
  'gate.passes.return': write('guard', 'director', 'vice_principal', 'head_teacher'),
  'gate.students.read': read(...leaders, 'guard', 'head_teacher'),
  'gate.settings.read': read(...SCHOOL_ROLES, 'inspector'),
  'gate.settings.write': write('admin', 'director'),
  'gate.figures.read': read(...leaders, 'guard', 'inspector'),

  'duty.read': read(...SCHOOL_ROLES, 'inspector'),
  'duty.roster.write': write('admin', 'director', 'vice_principal'),
  'duty.handover.write': write(...SCHOOL_ROLES),
  'duty.swaps.request': write(...SCHOOL_ROLES),
  'duty.swaps.decide': write('director'),

  'patrol.read': read(...leaders, 'guard', 'dorm_manager', 'inspector'),
  'patrol.routes.write': write('admin', 'director'),
  'patrol.walk': write('guard', 'dorm_manager', 'director', 'vice_principal'),
  'patrol.settings.read': read(...SCHOOL_ROLES, 'inspector'),
  'patrol.settings.write': write('admin', 'director'),
};
