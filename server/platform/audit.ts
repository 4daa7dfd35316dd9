import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from './db';

/** Who did it, from where, in which school: passed from the route into every use case. */
export interface Actor {
  schoolId: number;
  userId: number | null;
  name: string | null;
  ip: string | null;
  /** The actor's roles, for rules about what they may grant. */
  roles?: readonly string[];
}

export interface AuditEntry {
  entity: string;
  entityId: string | number;
  action: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** JSON with sorted keys: jsonb reorders keys, so the hash must not depend on order. */
export function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj).filter((k) => obj[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Plain JSON values (Dates as ISO strings), as they will read back from jsonb. */
export function plain(value: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  return value == null ? null : JSON.parse(JSON.stringify(value));
}

export function entryHash(prevHash: string, e: { schoolId: number; seq: number; at: string; actorId: number | null; actorName: string | null; ip: string | null; entity: string; entityId: string; action: string; before: unknown; after: unknown }): string {
  const body = canonical({ ...e });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/** Only the fields that changed, before and after. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>): { before: Record<string, unknown>; after: Record<string, unknown> } | null {
  const b: Record<string, unknown> = {}; const a: Record<string, unknown> = {};
  for (const k of Object.keys(after)) {
    if (k === 'updatedAt' || k === 'version') continue;
    if (canonical(before[k]) !== canonical(after[k])) { b[k] = before[k] ?? null; a[k] = after[k] ?? null; }
  }
  return Object.keys(a).length ? { before: b, after: a } : null;
}

/**
 * Appends one entry to the school's chain inside the caller's transaction. The head row's
 * lock orders concurrent writers of one school; the entry commits or vanishes with the change.
 */
export async function recordAudit(tx: Db, actor: Actor, entry: AuditEntry): Promise<void> {
  await recordAudits(tx, [{ actor, entry }]);
}

/**
 * Appends several entries of one school's chain at once: the head is locked once (an upsert that
 * returns it), the hashes are chained here, and the entries go in with one multi-row INSERT and the
 * head moves with one UPDATE — three statements however many entries. For batches (the gate's
 * exits under load, imports); `recordAudit` is the one-entry case.
 */
export async function recordAudits(tx: Db, items: readonly { actor: Actor; entry: AuditEntry }[]): Promise<void> {
  if (!items.length) return;
  const schoolId = items[0].actor.schoolId;
  if (items.some((i) => i.actor.schoolId !== schoolId)) throw new Error('recordAudits: entries of one school only');
  // The no-op update takes the row lock and returns the head in one round trip (a new school's head starts empty).
  const [head] = await rowsOf<{ seq: string | number; hash: string }>(tx, sql`INSERT INTO audit_heads (school_id) VALUES (${schoolId})
    ON CONFLICT (school_id) DO UPDATE SET seq = audit_heads.seq RETURNING seq, hash`);
  let seq = Number(head.seq);
  let prev = head.hash;
  const at = new Date().toISOString();
  const rows = items.map(({ actor, entry }) => {
    seq++;
    const e = {
      schoolId, seq, at, actorId: actor.userId, actorName: actor.name, ip: actor.ip,
      entity: entry.entity, entityId: String(entry.entityId), action: entry.action,
      before: plain(entry.before), after: plain(entry.after),
    };
    const hash = entryHash(prev, e);
    const row = sql`(${schoolId}, ${seq}, ${at}, ${e.actorId}, ${e.actorName}, ${e.ip}, ${e.entity}, ${e.entityId}, ${e.action},
      ${e.before === null ? null : JSON.stringify(e.before)}::jsonb, ${e.after === null ? null : JSON.stringify(e.after)}::jsonb, ${prev}, ${hash})`;
    prev = hash;
    return row;
  });
  await tx.execute(sql`INSERT INTO audit_log (school_id, seq, at, actor_id, actor_name, ip, entity, entity_id, action, before, after, prev_hash, hash)
    VALUES ${sql.join(rows, sql`, `)}`);
  await tx.execute(sql`UPDATE audit_heads SET seq = ${seq}, hash = ${prev} WHERE school_id = ${schoolId}`);
}

export interface ChainReport {
  schoolId: number;
  entries: number;
  ok: boolean;
  /** The first entry whose hash, link or sequence does not hold. */
  brokenAt?: { seq: number; reason: 'hash' | 'link' | 'gap' | 'head' };
}

/** Walks one school's chain in pages and reports the first broken link. */
export async function verifyChain(db: Db, schoolId: number): Promise<ChainReport> {
  let prevHash = '';
  let expected = 1;
  let count = 0;
  for (;;) {
    const rows = await rowsOf<Record<string, unknown>>(db, sql`SELECT seq, at, actor_id, actor_name, ip, entity, entity_id, action, before, after, prev_hash, hash
      FROM audit_log WHERE school_id = ${schoolId} AND seq >= ${expected} ORDER BY seq LIMIT 2000`);
    if (!rows.length) break;
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expected) return { schoolId, entries: count, ok: false, brokenAt: { seq: expected, reason: 'gap' } };
      if (r.prev_hash !== prevHash) return { schoolId, entries: count, ok: false, brokenAt: { seq, reason: 'link' } };
      const at = r.at instanceof Date ? r.at.toISOString() : new Date(String(r.at)).toISOString();
      const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v ?? null);
      const hash = entryHash(prevHash, {
        schoolId, seq, at, actorId: r.actor_id == null ? null : Number(r.actor_id), actorName: (r.actor_name as string) ?? null,
        ip: (r.ip as string) ?? null, entity: String(r.entity), entityId: String(r.entity_id), action: String(r.action),
        before: parse(r.before), after: parse(r.after),
      });
      if (hash !== r.hash) return { schoolId, entries: count, ok: false, brokenAt: { seq, reason: 'hash' } };
      prevHash = String(r.hash);
      expected++;
      count++;
    }
  }
  const [head] = await rowsOf<{ seq: string | number; hash: string }>(db, sql`SELECT seq, hash FROM audit_heads WHERE school_id = ${schoolId}`);
  if (head && (Number(head.seq) !== count || head.hash !== prevHash)) return { schoolId, entries: count, ok: false, brokenAt: { seq: count + 1, reason: 'head' } };
  return { schoolId, entries: count, ok: true };
}

export async function verifyAllChains(db: Db): Promise<ChainReport[]> {
  const schools = await rowsOf<{ school_id: number }>(db, sql`SELECT school_id FROM audit_heads ORDER BY school_id`);
  const out: ChainReport[] = [];
  for (const s of schools) out.push(await verifyChain(db, Number(s.school_id)));
  return out;
}
