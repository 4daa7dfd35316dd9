import { read, write, type Policy } from '../../platform/authz';
import { ROLES } from '../../../contracts/auth';

const leaders = ['principal', 'vice_principal', 'director'] as const;

/**
 * Canteen meals (RULES.md "Canteen"). The canteen manager does the daily work (dishes, menus, samples);
 * the principal, vice principal and director read everything, publish menus and record accompanied meals
 * (the canteen manager records a parent's, or a leader's on their behalf); the admin manages settings
 * and the rota with the leaders; the district inspector reads. Everyone in the school reads the menu.
 */
export const mealsPolicy: Policy = {
  'canteen.board.read': read(...leaders, 'canteen_manager', 'admin', 'inspector'),
  'canteen.meals.dishes.read': read(...ROLES),
  'canteen.meals.dishes.write': write('canteen_manager', 'director'),
  'canteen.meals.menus.read': read(...ROLES),
  'canteen.meals.menus.write': write('canteen_manager', 'director'),
  'canteen.meals.menus.publish': write('canteen_manager', ...leaders),
  'canteen.meals.samples.read': read(...leaders, 'canteen_manager', 'admin', 'inspector'),
  'canteen.meals.samples.write': write('canteen_manager', 'director'),
  'canteen.meals.samples.dispose': write('canteen_manager', 'director'),
  'canteen.meals.accompany.read': read(...leaders, 'canteen_manager', 'admin', 'inspector'),
  'canteen.meals.accompany.write': write(...leaders, 'canteen_manager'),
  'canteen.meals.followup.write': write(...leaders, 'canteen_manager'),
  'canteen.meals.rota.read': read(...leaders, 'canteen_manager', 'admin', 'inspector'),
  'canteen.meals.rota.write': write(...leaders, 'admin'),
  'canteen.meals.flags.read': read(...leaders, 'canteen_manager', 'admin', 'inspector'),
  'canteen.meals.settings.read': read(...ROLES),
  'canteen.meals.settings.write': write('admin', 'principal'),
};
