import { read, write, type Policy } from './authz';
import { ROLES, SCHOOL_ROLES } from '../../contracts/auth';

export const platformPolicy: Policy = {
  /** Anyone logged in: their own session, profile and password. */
  'auth.self': read(...ROLES),
  'auth.self.write': write(...ROLES.filter((r) => r !== 'inspector')),
  'audit.read': read('admin', 'principal'),
  /** Photos and documents: everyone in a school uploads and sees the school's files (inspectors only see). */
  'files.upload': write(...SCHOOL_ROLES),
  'files.read': read(...ROLES),
  /** School settings: staff read them, the school's leaders change them; secrets (webhook keys) only leaders read. */
  'settings.read': read(...ROLES),
  'settings.secret.read': read('admin', 'principal', 'director'),
  'settings.write': write('admin', 'principal', 'director'),
  /** Each person's own notifications and tasks (an inspector reads theirs but changes nothing). */
  'notifications.self': read(...ROLES),
  'notifications.self.write': write(...SCHOOL_ROLES),
  'tasks.mine': read(...ROLES),
};
