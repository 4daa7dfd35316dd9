import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, preparedRows, pgArray, type Db } from './db';

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
 * Appends a batch of entries, of one school's chain or several, in two statements however many
 * entries: the heads are locked in school order by one upsert that returns them, the hashes are
 * chained here, then one statement inserts the entries and moves the heads. The values travel as
 * one array per column (`unnest`), so the statements' text does not grow with the batch and
 * PGlite parses no more for fifty entries than for one. For batches (the gate's exits under
 * load, imports); `recordAudit` is the one-entry case.
 */
export async function recordAudits(tx: Db, items: readonly { actor: Actor; entry: AuditEntry }[]): Promise<void> {
  if (!items.length) return;
  const schools = [...new Set(items.map((i) => i.actor.schoolId))].sort((a, b) => a - b);
  // The no-op update takes the row locks and returns the heads in one round trip (a new school's head starts empty).
  const heads = await rowsOf<AuditHead>(tx, lockAuditHeadsSql(sql`SELECT unnest(${pgArray(schools)}::int[])`));
  await appendAudits(tx, heads, items);
}

/** A school's chain head as `lockAuditHeadsSql` returns it. */
export interface AuditHead { school_id: number | string; seq: number | string; hash: string }

/**
 * The statement part that locks the heads of the schools `schoolIds` yields (a query of one
 * int column) and returns them, for a caller that folds the lock into a statement of its own (the
 * gate's exits); `appendAudits` then writes the entries with the heads it returned.
 */
export function lockAuditHeadsSql(schoolIds: SQL): SQL {
  return sql`INSERT INTO audit_heads (school_id) SELECT DISTINCT s FROM (${schoolIds}) x(s) ORDER BY s
    ON CONFLICT (school_id) DO UPDATE SET seq = audit_heads.seq RETURNING school_id, seq, hash`;
}

/** Appends entries after their schools' heads were locked (by recordAudits or lockAuditHeadsSql) in this transaction. */
export async function appendAudits(tx: Db, heads: readonly AuditHead[], items: readonly { actor: Actor; entry: AuditEntry }[]): Promise<void> {
  if (!items.length) return;
  const chains = new Map(heads.map((h) => [Number(h.school_id), { seq: Number(h.seq), prev: h.hash }]));
  const schools = [...chains.keys()].filter((s) => items.some((i) => i.actor.schoolId === s)).sort((a, b) => a - b);
  if (items.some((i) => !chains.has(i.actor.schoolId))) throw new Error('appendAudits: a school\'s head was not locked');
  const at = new Date().toISOString();
  const col = { school: [] as number[], seq: [] as number[], actorId: [] as (number | null)[], actorName: [] as (string | null)[], ip: [] as (string | null)[],
    entity: [] as string[], entityId: [] as string[], action: [] as string[], before: [] as (string | null)[], after: [] as (string | null)[], prev: [] as string[], hash: [] as string[] };
  for (const { actor, entry } of items) {
    const chain = chains.get(actor.schoolId)!;
    chain.seq++;
    const e = {
      schoolId: actor.schoolId, seq: chain.seq, at, actorId: actor.userId, actorName: actor.name, ip: actor.ip,
      entity: entry.entity, entityId: String(entry.entityId), action: entry.action,
      before: plain(entry.before), after: plain(entry.after),
    };
    const hash = entryHash(chain.prev, e);
    col.school.push(e.schoolId); col.seq.push(e.seq); col.actorId.push(e.actorId); col.actorName.push(e.actorName); col.ip.push(e.ip);
    col.entity.push(e.entity); col.entityId.push(e.entityId); col.action.push(e.action);
    col.before.push(e.before === null ? null : JSON.stringify(e.before)); col.after.push(e.after === null ? null : JSON.stringify(e.after));
    col.prev.push(chain.prev); col.hash.push(hash);
    chain.prev = hash;
  }
  const ends = schools.map((s) => chains.get(s)!);
  await preparedRows(tx, sql`WITH entries AS (
      INSERT INTO audit_log (school_id, seq, at, actor_id, actor_name, ip, entity, entity_id, action, before, after, prev_hash, hash)
      SELECT school_id, seq, ${at}::timestamptz, actor_id, actor_name, ip, entity, entity_id, action, before, after, prev_hash, hash
      FROM unnest(${pgArray(col.school)}::int[], ${pgArray(col.seq)}::bigint[], ${pgArray(col.actorId)}::int[], ${pgArray(col.actorName)}::text[],
        ${pgArray(col.ip)}::text[], ${pgArray(col.entity)}::text[], ${pgArray(col.entityId)}::text[], ${pgArray(col.action)}::text[],
        ${pgArray(col.before)}::jsonb[], ${pgArray(col.after)}::jsonb[], ${pgArray(col.prev)}::text[], ${pgArray(col.hash)}::text[])
        AS v(school_id, seq, actor_id, actor_name, ip, entity, entity_id, action, before, after, prev_hash, hash)
    )
    UPDATE audit_heads h SET seq = v.seq, hash = v.hash
    FROM unnest(${pgArray(schools)}::int[], ${pgArray(ends.map((c) => c.seq))}::bigint[], ${pgArray(ends.map((c) => c.prev))}::text[]) AS v(school_id, seq, hash)
    WHERE h.school_id = v.school_id`);
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
