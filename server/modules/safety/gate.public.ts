import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { PublicPass, PublicPassParams } from '../../../contracts/safetyGate';
import { AppError } from '../../platform/errors';
import { rowsOf, type Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import { passStatus } from './gate.passes';

/*
 * The guardian's pass page (no login): GET /api/v1/public/exit-passes/:token. The head teacher
 * already sends the guardian a text with the code; the link adds the live status and the QR. Its
 * key is a random UUID (122 bits) kept apart from the code, so knowing a code (or guessing links)
 * never opens a page. The answer holds only what the guardian and the guard need: no ids, no phone
 * numbers, no issuer, the student's given name partly masked (the page may be forwarded).
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** 张三明 → 张*明, 张明 → 张*, 欧阳娜娜 → 欧**娜: the family name's first character and the last kept. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

export async function publicPass(db: Db, token: string, now: Date): Promise<PublicPass> {
  // A malformed key is as unknown as a wrong one (and never reaches PostgreSQL's uuid cast).
  if (!UUID.test(token)) throw new AppError('gate.passLinkUnknown', 404);
  const [r] = await rowsOf<Record<string, unknown>>(db, sql`SELECT p.code, p.reason, p.valid_from, p.valid_until, p.state,
      sc.name AS school_name, sc.timezone, st.name AS student_name, c.grade, c.name AS class_name
    FROM exit_passes p
    JOIN schools sc ON sc.id = p.school_id
    LEFT JOIN students st ON st.school_id = p.school_id AND st.id = p.student_id
    LEFT JOIN classes c ON c.school_id = p.school_id AND c.id = p.class_id
    WHERE p.share_token = ${token.toLowerCase()}::uuid LIMIT 1`);
  if (!r) throw new AppError('gate.passLinkUnknown', 404);
  const iso = (v: unknown) => new Date(v as string | Date).toISOString();
  return {
    schoolName: String(r.school_name ?? ''),
    studentName: maskName(String(r.student_name ?? '')),
    grade: Number(r.grade ?? 0),
    className: String(r.class_name ?? ''),
    reason: String(r.reason),
    validFrom: iso(r.valid_from),
    validUntil: iso(r.valid_until),
    code: String(r.code),
    status: passStatus(r, now),
    timezone: String(r.timezone ?? 'Asia/Shanghai'),
    at: now.toISOString(),
  };
}

/** The public route: declared `public` (no session, no action), like the canteen's public menu. */
export function gatePublicRoutes(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  return async function plugin(app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get('/api/v1/public/exit-passes/:token', {
      schema: { tags: ['safety'], params: PublicPassParams, response: { 200: PublicPass } }, config: { public: true },
    }, async (req, reply) => {
      // The status changes with the clock and the gate: never from a cache; the link stays out of referrers.
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return publicPass(db, req.params.token, clock.now());
    });
  };
}
