import { read, write, type Policy } from './authz';
import { ROLES, SCHOOL_ROLES, type Role } from '../../contracts/auth';

/** The school's leaders: they see every approval of their school and read the chains. */
export const APPROVAL_LEADERS: readonly Role[] = ['admin', 'principal', 'vice_principal', 'director'];
/** Who edits the school's chains. */
export const APPROVAL_RULE_EDITORS: readonly Role[] = ['admin', 'principal', 'director'];

/**
 * The engine's actions. The policy only opens the doors: who may decide a step is data (the step's
 * role, never one's own request, never two steps of a round), checked by the service.
 */
export const approvalsPolicy: Policy = {
  /** Inbox and detail: everyone (the service narrows to what one may see; inspectors their district's). */
  'approvals.read': read(...ROLES),
  /** Approve, reject, return, and record a collective decision: staff of the school (inspectors never). */
  'approvals.decide': write(...SCHOOL_ROLES),
  'approvals.rules.read': read(...APPROVAL_LEADERS),
  'approvals.rules.write': write(...APPROVAL_RULE_EDITORS),
};
