import { read, write, type Policy } from '../../platform/authz';
import { SUPPLY_READERS } from '../../../contracts/canteenSupply';

/**
 * Canteen supply (RULES.md "Canteen"): the canteen manager keeps suppliers, intakes, usage and meal
 * counts; school leaders and the accountant read everything (the cost account is the finance
 * disclosure); the district inspector reads; deleting an intake after its retention time is the
 * canteen manager's or a leader's (audited); settings are the admin's (and the principal's).
 */
const readers = [...SUPPLY_READERS, 'canteen_manager', 'inspector'] as const;
export const supplyPolicy: Policy = {
  'canteen.supply.suppliers.read': read(...readers),
  'canteen.supply.suppliers.write': write('canteen_manager', 'admin'),
  'canteen.supply.intakes.read': read(...readers),
  'canteen.supply.intakes.write': write('canteen_manager'),
  'canteen.supply.intakes.delete': write('canteen_manager', 'principal', 'admin'),
  'canteen.supply.usage.read': read(...readers),
  'canteen.supply.usage.write': write('canteen_manager'),
  'canteen.supply.meals.read': read(...readers),
  'canteen.supply.meals.write': write('canteen_manager'),
  'canteen.supply.costs.read': read(...readers),
  'canteen.supply.income.write': write('canteen_manager', 'accountant', 'admin'),
  'canteen.supply.settings.read': read(...readers),
  'canteen.supply.settings.write': write('admin', 'principal'),
};
