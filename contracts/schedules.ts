import { z } from 'zod';

// Recurrence rules of durable schedules (server/platform/schedules.ts), in the school's time zone.
const Ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((s) => isRealDate(s), { message: 'invalid date' });
const Hm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

/** A calendar day that exists (2026-02-30 does not). */
export function isRealDate(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

const When = { time: Hm, startsOn: Ymd, endsOn: Ymd.optional() };

export const ScheduleRule = z.discriminatedUnion('freq', [
  z.object({ freq: z.literal('daily'), ...When }),
  z.object({ freq: z.literal('weekly'), weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7), ...When }),
  z.object({ freq: z.literal('monthly'), monthDay: z.number().int().min(1).max(31), ...When }),
  z.object({ freq: z.literal('term'), termDay: z.enum(['start', 'end']), offsetDays: z.number().int().min(-60).max(60), ...When }),
  z.object({ freq: z.literal('dates'), dates: z.array(Ymd).min(1).max(366), ...When }),
]).refine((r) => !r.endsOn || r.endsOn >= r.startsOn, { message: 'endsOn before startsOn', path: ['endsOn'] });
export type ScheduleRule = z.infer<typeof ScheduleRule>;
export type ScheduleFreq = ScheduleRule['freq'];

/** A school term (学期), from the school's `calendar` settings. */
export const Term = z.object({ name: z.string().trim().min(1).max(40), start: Ymd, end: Ymd })
  .refine((t) => t.end >= t.start, { message: 'end before start', path: ['end'] });
export type Term = z.infer<typeof Term>;

export const CalendarSettings = z.object({ terms: z.array(Term).max(40) });
export type CalendarSettings = z.infer<typeof CalendarSettings>;
