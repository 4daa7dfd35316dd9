import { read, write, type Policy } from '../../platform/authz';

/**
 * Canteen staff health and self-inspections (RULES.md "Canteen"): the canteen manager keeps the staff
 * list, certificates, morning checks and the day's roster (the director may too); school leaders and
 * the district inspector read; a service stop is lifted by a leader (principal, vice principal,
 * director) with a note; settings are the admin's and the leaders'. Teachers and others have nothing here.
 */
const readers = ['admin', 'principal', 'vice_principal', 'director', 'canteen_manager', 'inspector'] as const;
export const STOP_LIFTERS = ['principal', 'vice_principal', 'director'] as const;

export const staffPolicy: Policy = {
  'canteen.staff.read': read(...readers),
  'canteen.staff.write': write('canteen_manager', 'director'),
  'canteen.staff.checks.read': read(...readers),
  'canteen.staff.checks.write': write('canteen_manager', 'director'),
  'canteen.staff.roster.read': read(...readers),
  'canteen.staff.roster.write': write('canteen_manager', 'director'),
  'canteen.staff.selfcheck.read': read(...readers),
  'canteen.staff.stops.lift': write(...STOP_LIFTERS),
  'canteen.staff.settings.read': read(...readers),
  'canteen.staff.settings.write': write('admin', 'principal', 'vice_principal', 'director'),
};
