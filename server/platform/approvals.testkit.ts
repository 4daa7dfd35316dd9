// Test support for the approval engine's tests (not a test file itself): an app whose only module
// registers the tests' approval kinds (no test tables: the kinds' hooks record into memory).
import { createTestApp, type TestApp } from '../test/harness';
import type { Clock } from './clock';
import type { ApprovalKindDef } from './approvals';

/** What a test kind's hook saw. */
export interface HookEvent {
  hook: 'onApproved' | 'onRejected' | 'onReturned';
  documentId: number;
  approvalId: number;
  /** The approval's state as read inside the deciding transaction. */
  stateInTx: string;
  actorId: number | null;
  comment: string | null;
}

export function approvalsTestApp(opts: { kinds: ApprovalKindDef[]; clock: Clock }): Promise<TestApp> {
  return createTestApp({}, { clock: opts.clock, modules: [{ name: 'approvalsTest', policy: {}, routes: () => async () => {}, approvals: opts.kinds }] });
}
