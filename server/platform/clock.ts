/**
 * Business time. Engine and module code asks a `Clock` for "now" instead of calling `new Date()`,
 * so tests can stand time still and move it (manualClock), and the server uses the system's.
 */
export interface Clock { now(): Date }

export const systemClock: Clock = { now: () => new Date() };

/** Tests: a clock that stands still until moved. */
export function manualClock(start: Date | string): Clock & { set(d: Date | string): void; advance(ms: number): void } {
  let t = new Date(start).getTime();
  if (Number.isNaN(t)) throw new Error(`manualClock: bad time ${String(start)}`);
  return {
    now: () => new Date(t),
    set(d) {
      const next = new Date(d).getTime();
      if (Number.isNaN(next)) throw new Error(`manualClock: bad time ${String(d)}`);
      t = next;
    },
    advance(ms) { t += ms; },
  };
}
