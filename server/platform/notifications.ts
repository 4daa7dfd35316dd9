import { and, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf, type Db } from './db';
import type { Clock } from './clock';
import { getSettings, notificationsSettings, webhookUrlAllowed } from './settings';
import { notifications, notificationOutbox } from './notifications.tables';
import { users } from './platform.tables';
import { translate, type Locale } from '../../contracts/i18n';
import type { WebhookKind } from '../../contracts/settings';

export type Params = Record<string, string | number>;

/**
 * A notification's (or task's) text in one language. A param named `<name>Key` holds another
 * message key: it is rendered first, with the same params, and fills `{<name>}` — so an overdue
 * notice can name the task (`{ taskKey: 'repairs.task.inspect', location: '3号楼' }` → `{task}`).
 */
export function renderMessage(locale: Locale, kind: string, params: Params = {}): string {
  const filled: Params = { ...params };
  for (const [k, v] of Object.entries(params)) {
    if (k.length > 3 && k.endsWith('Key') && typeof v === 'string') filled[k.slice(0, -3)] = translate(locale, v, params);
  }
  return translate(locale, kind, filled);
}

export interface NotifyInput {
  schoolId: number;
  userIds: number[];
  /** i18n key, e.g. 'repairs.notify.dispatched'. */
  kind: string;
  params?: Params;
  link?: string;
  entity?: string;
  entityId?: number;
}

/**
 * In-app notifications for some people of a school, written in the caller's transaction (they
 * exist only if the change that caused them commits). When the school has a group robot, one
 * outbox row is written too; the outbox job delivers it after commit.
 */
export async function notify(tx: Db, n: NotifyInput): Promise<void> {
  const userIds = [...new Set(n.userIds)].filter((id) => Number.isInteger(id) && id > 0);
  if (!userIds.length) return;
  const params = n.params ?? {};
  await tx.insert(notifications).values(userIds.map((userId) => ({
    schoolId: n.schoolId, userId, kind: n.kind, params, link: n.link ?? null, entity: n.entity ?? null, entityId: n.entityId ?? null,
  })));
  const hook = await getSettings(tx, n.schoolId, notificationsSettings);
  if (hook.webhookKind && hook.webhookUrl) {
    await tx.insert(notificationOutbox).values({ schoolId: n.schoolId, kind: n.kind, params, userIds });
  }
}

/* ---------- Reading one's own ---------- */

export interface Reader { schoolId: number; userId: number }

export interface NotificationRow {
  id: number; kind: string; params: Params; link: string | null; entity: string | null; entityId: number | null;
  createdAt: Date; readAt: Date | null;
}

const iso = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));

/** The reader's notifications, newest first (keyset on id), optionally only the unread ones. */
export async function listNotifications(db: Db, reader: Reader, q: { cursor?: number; limit: number; unread?: boolean }): Promise<NotificationRow[]> {
  const rows = await db.select().from(notifications).where(and(
    eq(notifications.schoolId, reader.schoolId), eq(notifications.userId, reader.userId),
    q.unread ? sql`${notifications.readAt} IS NULL` : undefined,
    q.cursor !== undefined ? sql`${notifications.id} < ${q.cursor}` : undefined,
  )).orderBy(sql`${notifications.id} DESC`).limit(q.limit);
  return rows.map((r) => ({
    id: r.id, kind: r.kind, params: (r.params ?? {}) as Params, link: r.link, entity: r.entity, entityId: r.entityId,
    createdAt: iso(r.createdAt), readAt: r.readAt ? iso(r.readAt) : null,
  }));
}

export async function unreadCount(db: Db, reader: Reader): Promise<number> {
  const [r] = await rowsOf<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM notifications
    WHERE school_id = ${reader.schoolId} AND user_id = ${reader.userId} AND read_at IS NULL`);
  return Number(r.n);
}

/** Marks one of the reader's notifications read; false when it is not theirs (or does not exist). */
export async function markRead(db: Db, reader: Reader, id: number, clock: Clock): Promise<boolean> {
  const [row] = await db.select({ id: notifications.id, readAt: notifications.readAt }).from(notifications)
    .where(and(eq(notifications.schoolId, reader.schoolId), eq(notifications.userId, reader.userId), eq(notifications.id, id)));
  if (!row) return false;
  if (!row.readAt) {
    await db.update(notifications).set({ readAt: clock.now() })
      .where(and(eq(notifications.schoolId, reader.schoolId), eq(notifications.id, id), sql`${notifications.readAt} IS NULL`));
  }
  return true;
}

export async function markAllRead(db: Db, reader: Reader, clock: Clock): Promise<number> {
  const done = await db.update(notifications).set({ readAt: clock.now() })
    .where(and(eq(notifications.schoolId, reader.schoolId), eq(notifications.userId, reader.userId), sql`${notifications.readAt} IS NULL`))
    .returning({ id: notifications.id });
  return done.length;
}

/* ---------- Outside channels ---------- */

/** An outside channel: posts one text message to the configured URL; throws when it was not accepted. */
export interface NotificationChannel {
  kind: WebhookKind;
  send(url: string, message: { text: string }): Promise<void>;
}

const WEBHOOK_TIMEOUT_MS = 10_000;

/** WeCom and DingTalk group robots take the same text message and answer `{errcode: 0}` when accepted. */
function robotChannel(kind: WebhookKind): NotificationChannel {
  return {
    kind,
    async send(url, message) {
      if (!webhookUrlAllowed(kind, url)) throw new Error('webhook host not allowed');
      // Never follow a redirect: the only host ever called is the configured one.
      const res = await fetch(url, {
        method: 'POST', redirect: 'error', signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ msgtype: 'text', text: { content: message.text } }),
      });
      const body = await res.text();
      if (!res.ok) throw new Error(`HTTP ${res.status}: ${body.slice(0, 200)}`);
      let answer: { errcode?: number; errmsg?: string } = {};
      try { answer = JSON.parse(body); } catch { throw new Error(`not JSON: ${body.slice(0, 200)}`); }
      if (answer.errcode !== 0) throw new Error(`errcode ${answer.errcode}: ${String(answer.errmsg ?? '').slice(0, 200)}`);
    },
  };
}

/** 企业微信群机器人: `{"msgtype":"text","text":{"content":…}}`. */
export const wecomChannel: NotificationChannel = robotChannel('wecom');
/** 钉钉群机器人 (keyword security: put 后勤 in the robot's keywords; messages start with 【后勤】). */
export const dingtalkChannel: NotificationChannel = robotChannel('dingtalk');
export const webhookChannels: Record<WebhookKind, NotificationChannel> = { wecom: wecomChannel, dingtalk: dingtalkChannel };

export interface OutboxOptions {
  channels?: Record<WebhookKind, NotificationChannel>;
  /** Attempts before a message is given up (status `failed`). */
  maxAttempts?: number;
  batch?: number;
  /** Only this school's messages (tests). */
  schoolId?: number;
}

export const OUTBOX_MAX_ATTEMPTS = 6;
/** How long a claimed message is left to its deliverer before another may try (a crashed process). */
const LEASE_MS = 2 * 60_000;
/** 30 s, 1 min, 2 min, … up to an hour between attempts. */
export const outboxBackoffMs = (attempts: number) => Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3600_000);

/** The robot's text: the notification in the school's language (zh-CN), and whom it is for. */
async function webhookText(db: Db, row: { schoolId: number; kind: string; params: Params; userIds: number[] }): Promise<string> {
  const names = row.userIds.length
    ? (await db.select({ name: users.name }).from(users).where(and(eq(users.schoolId, row.schoolId), inArray(users.id, row.userIds.slice(0, 20))))).map((u) => u.name)
    : [];
  const text = `${translate('zh-CN', 'notifications.webhookPrefix')}${renderMessage('zh-CN', row.kind, row.params)}`;
  return names.length ? `${text}\n${translate('zh-CN', 'notifications.webhookFor', { names: names.join('、') })}` : text;
}

/**
 * Delivers pending outbox messages (the outbox job). Each is claimed by a conditional update (safe
 * with several processes), sent outside any transaction, then marked sent, rescheduled with
 * backoff, or given up. Only the school's currently configured, allowed URL is ever called.
 */
export async function deliverOutbox(db: Db, clock: Clock, opts: OutboxOptions = {}): Promise<{ sent: number; retried: number; failed: number }> {
  const channels = opts.channels ?? webhookChannels;
  const max = opts.maxAttempts ?? OUTBOX_MAX_ATTEMPTS;
  const now = clock.now();
  // A plain look first: on PGlite an UPDATE, even of no rows, empties the read cache (docs/adr/0004).
  const waiting = await rowsOf(db, sql`SELECT 1 FROM notification_outbox WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ${now.toISOString()})
    ${opts.schoolId !== undefined ? sql`AND school_id = ${opts.schoolId}` : sql``} LIMIT 1`);
  if (!waiting.length) return { sent: 0, retried: 0, failed: 0 };
  const claimed = await rowsOf<{ school_id: number; id: number; kind: string; params: Params | string; user_ids: number[] | string; attempts: number }>(db, sql`
    UPDATE notification_outbox SET attempts = attempts + 1, next_attempt_at = ${new Date(now.getTime() + LEASE_MS).toISOString()}
    WHERE (school_id, id) IN (
      SELECT school_id, id FROM notification_outbox
      WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ${now.toISOString()})
        ${opts.schoolId !== undefined ? sql`AND school_id = ${opts.schoolId}` : sql``}
      ORDER BY id LIMIT ${opts.batch ?? 20} FOR UPDATE SKIP LOCKED)
    RETURNING school_id, id, kind, params, user_ids, attempts`);
  const out = { sent: 0, retried: 0, failed: 0 };
  const json = <T>(v: T | string): T => (typeof v === 'string' ? JSON.parse(v) as T : v);
  for (const c of claimed) {
    const row = { schoolId: c.school_id, id: c.id, kind: c.kind, params: json(c.params) ?? {}, userIds: json(c.user_ids) ?? [], attempts: Number(c.attempts) };
    const mine = sql`school_id = ${row.schoolId} AND id = ${row.id} AND status = 'pending' AND attempts = ${row.attempts}`;
    const hook = await getSettings(db, row.schoolId, notificationsSettings);
    if (!hook.webhookKind || !hook.webhookUrl || !webhookUrlAllowed(hook.webhookKind, hook.webhookUrl)) {
      await db.execute(sql`UPDATE notification_outbox SET status = 'failed', last_error = 'not configured' WHERE ${mine}`);
      out.failed++;
      continue;
    }
    try {
      await channels[hook.webhookKind].send(hook.webhookUrl, { text: await webhookText(db, row) });
      await db.execute(sql`UPDATE notification_outbox SET status = 'sent', sent_at = ${clock.now().toISOString()}, last_error = NULL WHERE ${mine}`);
      out.sent++;
    } catch (e) {
      const error = (e instanceof Error ? `${e.message}${e.cause instanceof Error ? `: ${e.cause.message}` : ''}` : String(e)).slice(0, 500);
      if (row.attempts >= max) {
        await db.execute(sql`UPDATE notification_outbox SET status = 'failed', last_error = ${error} WHERE ${mine}`);
        out.failed++;
      } else {
        const next = new Date(clock.now().getTime() + outboxBackoffMs(row.attempts));
        await db.execute(sql`UPDATE notification_outbox SET next_attempt_at = ${next.toISOString()}, last_error = ${error} WHERE ${mine}`);
        out.retried++;
      }
    }
  }
  return out;
}
