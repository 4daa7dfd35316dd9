import { read, write, type Policy } from '../../platform/authz';
import { ROLES, SCHOOL_ROLES, type Role } from '../../../contracts/auth';

/** Who sees every order of the school (and reads statistics); everyone else sees what they reported or were sent. */
export const REPAIR_LEADERS: readonly Role[] = ['admin', 'principal', 'vice_principal', 'director', 'inspector'];
/** Who dispatches, keeps the category rules and the maintenance plans, and may cancel any order before work starts. */
export const REPAIR_DISPATCHERS: readonly Role[] = ['admin', 'director'];
export const REPAIR_WORKER: Role = 'repair_worker';

const readers = ['admin', 'principal', 'vice_principal', 'director', 'inspector'] as const;

/**
 * Repairs: anyone in a school reports (and confirms, reopens or cancels their own report);
 * the director dispatches; the repair worker works on orders sent to them. Ownership
 * (reporter, assignee) is checked by the service on every action, and lists are narrowed in the query.
 */
export const repairsPolicy: Policy = {
  'repairs.order.read': read(...ROLES),
  'repairs.order.report': write(...SCHOOL_ROLES),
  'repairs.order.dispatch': write('admin', 'director'),
  'repairs.order.work': write('repair_worker'),
  'repairs.stats.read': read(...readers),
  'repairs.log.read': read(...readers, 'repair_worker'),
  'repairs.workers.read': read('admin', 'principal', 'vice_principal', 'director', 'repair_worker'),
  'repairs.rules.read': read('admin', 'principal', 'vice_principal', 'director'),
  'repairs.rules.write': write('admin', 'director'),
  'repairs.plans.read': read(...readers, 'repair_worker'),
  'repairs.plans.write': write('admin', 'director'),
  'repairs.settings.read': read(...ROLES),
  'repairs.settings.write': write('admin', 'director'),
  /** Room QR labels (报修二维码) for the dispatchers and the school's leaders; a read, nothing changes. */
  'repairs.qr.print': read('admin', 'principal', 'vice_principal', 'director'),
};
