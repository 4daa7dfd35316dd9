import { read, write, type Policy } from '../../platform/authz';
import { ROLES, SCHOOL_ROLES, type Role } from '../../../contracts/auth';

/** Who sees every stocktake, damage report and disposal of the school. */
export const PROCESS_LEADERS: readonly Role[] = ['admin', 'principal', 'vice_principal', 'director', 'storekeeper', 'accountant', 'inspector'];
/** Who plans stocktakes and keeps damage reports and disposal requests (the asset keepers). */
export const ASSET_KEEPERS: readonly Role[] = ['admin', 'director', 'storekeeper'];
/** Who resolves differences and closes a stocktake. */
export const STOCKTAKE_DECIDERS: readonly Role[] = ['admin', 'director'];

const leaders = ['admin', 'principal', 'vice_principal', 'director', 'storekeeper', 'accountant', 'inspector'] as const;

/**
 * Stocktakes: keepers plan and start them, counters (any staff named on the stocktake) count, the
 * director resolves and closes. Damage: staff who find damage report it; keepers charge, the
 * accountant (and keepers) record payments; a waiver goes through approval. Disposal: keepers request
 * and carry out; the approval engine decides. Non-leaders see only what they count in or reported.
 */
export const processPolicy: Policy = {
  'assets.stocktake.read': read(...ROLES),
  'assets.stocktake.plan': write('admin', 'director', 'storekeeper'),
  'assets.stocktake.count': write(...SCHOOL_ROLES),
  'assets.stocktake.resolve': write('admin', 'director'),

  'assets.damage.read': read(...leaders, 'dorm_manager', 'head_teacher', 'teacher'),
  'assets.damage.report': write('admin', 'director', 'storekeeper', 'dorm_manager', 'head_teacher', 'teacher'),
  'assets.damage.manage': write('admin', 'director', 'storekeeper'),
  'assets.damage.pay': write('admin', 'director', 'storekeeper', 'accountant'),
  'assets.damage.payments.read': read('admin', 'principal', 'vice_principal', 'director', 'accountant', 'inspector'),
  'assets.damage.outstanding.read': read(...leaders, 'dorm_manager', 'head_teacher'),
  'assets.damage.settings.read': read(...ROLES),
  'assets.damage.settings.write': write('admin', 'director'),

  'assets.disposal.read': read(...leaders),
  'assets.disposal.request': write('admin', 'director', 'storekeeper'),
  'assets.disposal.carry': write('admin', 'director', 'storekeeper'),
};
