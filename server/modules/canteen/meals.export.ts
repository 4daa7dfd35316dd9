import type { FastifyReply } from 'fastify';
import { translate, type Locale } from '../../../contracts/i18n';
import type { Accompanied, Sample } from '../../../contracts/canteenMeals';
import { sendXlsx, type SheetColumn } from '../../platform/excel';
import { localDateTimeOf } from './meals.common';

/*
 * The samples 留样 and accompanied meals 陪餐 lists as .xlsx (SPEC §4: every list exports), with the
 * list's own filters, streamed page by page — the records a food-safety inspection asks to see.
 */

const h = (l: Locale, k: string) => translate(l, `canteen.meals.export.${k}`);
const meal = (l: Locale, m: string) => translate(l, `canteen.meals.meal.${m}`);
const at = (tz: string) => (iso: string | null) => (iso ? localDateTimeOf(new Date(iso), tz) : '');

export function sendSamples(reply: FastifyReply, l: Locale, tz: string, pages: AsyncIterable<Sample[]>) {
  const time = at(tz);
  const cols: SheetColumn<Sample>[] = [
    { header: h(l, 'day'), width: 12, value: (s) => s.day },
    { header: h(l, 'meal'), width: 8, value: (s) => meal(l, s.meal) },
    { header: h(l, 'dish'), width: 22, value: (s) => s.dishName },
    { header: h(l, 'weight'), width: 10, value: (s) => s.weightGrams },
    { header: h(l, 'sampledAt'), width: 18, value: (s) => time(s.sampledAt) },
    { header: h(l, 'sampler'), width: 12, value: (s) => s.samplerName },
    { header: h(l, 'cabinet'), width: 16, value: (s) => s.cabinet },
    { header: h(l, 'keepUntil'), width: 18, value: (s) => time(s.keepUntil) },
    { header: h(l, 'disposedAt'), width: 18, value: (s) => time(s.disposedAt) },
    { header: h(l, 'disposedBy'), width: 12, value: (s) => s.disposedByName },
    { header: h(l, 'note'), width: 24, value: (s) => s.note },
  ];
  return sendXlsx(reply, h(l, 'samplesFile'), h(l, 'samplesSheet'), cols, pages);
}

export function sendAccompanied(reply: FastifyReply, l: Locale, pages: AsyncIterable<Accompanied[]>) {
  const cols: SheetColumn<Accompanied>[] = [
    { header: h(l, 'day'), width: 12, value: (a) => a.day },
    { header: h(l, 'meal'), width: 8, value: (a) => meal(l, a.meal) },
    { header: h(l, 'person'), width: 14, value: (a) => a.personName },
    { header: h(l, 'post'), width: 14, value: (a) => (a.personKind === 'parent' ? translate(l, 'canteen.meals.personKind.parent') : a.post) },
    { header: h(l, 'dishes'), width: 30, value: (a) => a.dishes.map((d) => d.name).join('、') },
    { header: h(l, 'quality'), width: 8, value: (a) => a.ratingQuality },
    { header: h(l, 'quantity'), width: 8, value: (a) => a.ratingQuantity },
    { header: h(l, 'hygiene'), width: 8, value: (a) => a.ratingHygiene },
    { header: h(l, 'price'), width: 8, value: (a) => a.ratingPrice },
    { header: h(l, 'problems'), width: 30, value: (a) => a.problems },
    { header: h(l, 'followUp'), width: 30, value: (a) => a.followUp },
    { header: h(l, 'followUpBy'), width: 12, value: (a) => a.followUpByName },
    { header: h(l, 'followUpState'), width: 10, value: (a) => translate(l, `canteen.meals.followUpState.${a.followUpState}`) },
    { header: h(l, 'followUpResult'), width: 30, value: (a) => a.followUpResult },
  ];
  return sendXlsx(reply, h(l, 'accompaniedFile'), h(l, 'accompaniedSheet'), cols, pages);
}
