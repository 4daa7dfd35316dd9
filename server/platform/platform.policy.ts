import { read, write, type Policy } from './authz';
import { ROLES } from '../../contracts/auth';

export const platformPolicy: Policy = {
  /** Anyone logged in: their own session, profile and password. */
  'auth.self': read(...ROLES),
  'auth.self.write': write(...ROLES.filter((r) => r !== 'inspector')),
  'audit.read': read('admin', 'principal'),
};
