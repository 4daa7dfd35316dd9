// The staff part of the canteen's day board (the meals part's GET /api/v1/canteen/board calls staffDay).
import type { Db } from '../../platform/db';
import type { StaffDay } from '../../../contracts/canteenStaff';
import { certStateOf, dayContext, deadlineOf, isServiceDay, peopleOnDay, selfCheckOn } from './staff.status';

/**
 * The day's morning checks (done, passed, failed with reasons, missing and whether the deadline has
 * passed), certificates expired or expiring, the daily self-check and any service stop. `date` is the
 * school-local day, `now` the clock's instant. Four indexed statements, none per person.
 */
export async function staffDay(db: Db, schoolId: number, date: string, now: Date): Promise<StaffDay> {
  const ctx = await dayContext(db, schoolId);
  const [people, self] = await Promise.all([peopleOnDay(db, schoolId, date, ctx.settings.feverCelsius), selfCheckOn(db, schoolId, date)]);
  const service = isServiceDay(ctx.settings, date);
  const checked = people.filter((p) => p.check);
  const missing = service ? people.filter((p) => !p.check).map((p) => ({ staffId: p.staffId, name: p.name })) : [];
  const expired: StaffDay['certificates']['expired'] = [];
  const expiring: StaffDay['certificates']['expiring'] = [];
  for (const p of people) {
    const state = certStateOf(p.validTo, p.hasCert, date, ctx.settings.certAlertDays);
    if (state === 'expired' || state === 'missing') expired.push({ staffId: p.staffId, name: p.name, expiresOn: p.validTo });
    else if (state === 'expiring') expiring.push({ staffId: p.staffId, name: p.name, expiresOn: p.validTo! });
  }
  const deadline = deadlineOf(ctx, date);
  return {
    staffTotal: people.length,
    checked: checked.length,
    passed: checked.filter((p) => p.check!.result === 'pass').length,
    failed: checked.filter((p) => p.check!.result === 'fail').map((p) => ({ staffId: p.staffId, name: p.name, reasons: p.check!.reasons })),
    missing,
    deadline: ctx.settings.morningCheckDeadline,
    overdue: missing.length > 0 && now >= deadline,
    serviceDay: service,
    certificates: { expired, expiring },
    selfCheck: self,
  };
}
