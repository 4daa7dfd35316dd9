import type { Role } from '../../contracts/auth';

/**
 * Permissions are data: each module's policy maps its actions to the roles allowed.
 * `write: true` actions are never open to a read-only district reader.
 */
export interface ActionRule { roles: readonly Role[]; write: boolean }
export type Policy = Record<string, ActionRule>;

export const read = (...roles: Role[]): ActionRule => ({ roles, write: false });
export const write = (...roles: Role[]): ActionRule => ({ roles, write: true });

export class PolicyRegistry {
  private readonly rules = new Map<string, ActionRule>();

  add(policy: Policy) {
    for (const [action, rule] of Object.entries(policy)) {
      if (this.rules.has(action)) throw new Error(`action declared twice: ${action}`);
      if (rule.write && rule.roles.includes('inspector')) throw new Error(`inspectors are read-only: ${action}`);
      this.rules.set(action, rule);
    }
  }

  has(action: string) { return this.rules.has(action); }
  rule(action: string) { return this.rules.get(action); }
  all() { return [...this.rules.entries()]; }

  allows(roles: readonly Role[], action: string): boolean {
    const rule = this.rules.get(action);
    return !!rule && roles.some((r) => rule.roles.includes(r));
  }

  actionsOf(roles: readonly Role[]): string[] {
    return [...this.rules.entries()].filter(([, r]) => roles.some((x) => r.roles.includes(x))).map(([a]) => a).sort();
  }
}
