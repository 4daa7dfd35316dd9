import type { VerifyResult } from '../../../contracts/safetyGate';
import type { Db } from '../../platform/db';
import type { Actor } from '../../platform/audit';
import { verifyScans, type Scan } from './gate.passes';

/*
 * The gate's scans, in groups. Every statement of PGlite runs on the server's one thread, and a
 * scan that lets a student out is a write (the pass and its audit entry). When many guards scan at
 * once, the scans that arrive while a group is being answered wait and are answered together in
 * the next group: one read for all their codes, then one transaction for all their exits.
 * A scan that finds the queue idle is answered at once (no waiting for company). On PostgreSQL each
 * server process groups its own scans; the conditional UPDATE keeps one exit per pass across them.
 */

const MAX_GROUP = 200;

interface Waiting extends Scan { resolve: (r: VerifyResult) => void; reject: (e: unknown) => void }

export function createPassScanner(db: Db) {
  const queue: Waiting[] = [];
  let running = false;
  let scheduled = false;

  async function drain() {
    running = true;
    try {
      while (queue.length) {
        const group = queue.splice(0, MAX_GROUP);
        const answered = new Set<number>();
        try {
          await verifyScans(db, group, (i, a) => { answered.add(i); group[i].resolve(a); });
        } catch {
          // One scan's failure must not fail the others: those not yet answered are answered each on its own.
          for (const [i, w] of group.entries()) if (!answered.has(i)) await verifyScans(db, [w]).then(([a]) => w.resolve(a), w.reject);
        }
      }
    } finally {
      running = false;
    }
  }

  return {
    verify(actor: Actor, code: string, now: Date): Promise<VerifyResult> {
      return new Promise<VerifyResult>((resolve, reject) => {
        queue.push({ actor, code, now, resolve, reject });
        // Not at once: PGlite answers through promises alone, so a group started here would run to
        // its end before Node reads the other sockets. setImmediate waits for the end of this turn's
        // I/O, so every scan that arrived with this one is in the group.
        if (!running && !scheduled) { scheduled = true; setImmediate(() => { scheduled = false; void drain(); }); }
      });
    },
  };
}
