import { read, write, type Policy } from '../../platform/authz';
import { ROLES, type Role } from '../../../contracts/auth';

/** Who keeps the register: the school's leaders and the storekeeper (校产管理责任制度). */
export const ASSET_MANAGERS: readonly Role[] = ['admin', 'principal', 'vice_principal', 'director', 'storekeeper'];
/** Who reads the whole register and the ledger: the managers, the accountant (账物相符) and the district's inspector. */
export const ASSET_READERS: readonly Role[] = [...ASSET_MANAGERS, 'accountant', 'inspector'];
/** Who runs the month's depreciation by hand (the schedule runs it otherwise). */
export const DEPRECIATION_RUNNERS: readonly Role[] = ['admin', 'principal', 'vice_principal', 'director'];

/**
 * The register. Every staff member reads a card they scan and lists the assets in their own name
 * (the service narrows the list for anyone who is not a register reader); the managers keep it;
 * the accountant reads the list and the ledger; the inspector reads, never writes.
 */
export const assetsPolicy: Policy = {
  'assets.asset.read': read(...ROLES),
  'assets.asset.write': write('admin', 'principal', 'vice_principal', 'director', 'storekeeper'),
  'assets.export': read(...ASSET_READERS),
  'assets.import': write('admin', 'principal', 'vice_principal', 'director', 'storekeeper'),
  'assets.labels.print': read('admin', 'principal', 'vice_principal', 'director', 'storekeeper'),
  'assets.ledger.read': read(...ASSET_READERS),
  'assets.depreciation.run': write('admin', 'principal', 'vice_principal', 'director'),
  'assets.classes.read': read(...ROLES),
  'assets.classes.write': write('admin', 'principal', 'vice_principal', 'director', 'storekeeper'),
  'assets.settings.read': read(...ROLES),
  'assets.settings.write': write('admin', 'principal', 'vice_principal', 'director'),
};
