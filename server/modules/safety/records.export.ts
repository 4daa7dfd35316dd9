import type { FastifyReply } from 'fastify';
import { translate, type Locale } from '../../../contracts/i18n';
import type { AgreementYear, Drill, EducationRecord, Incident } from '../../../contracts/safetyRecords';
import { sendXlsx, type SheetColumn } from '../../platform/excel';
import { localDateTimeOf } from './records.common';

/*
 * The lists as .xlsx (SPEC §6: every list exports), with the list's own filters: drills, education
 * records, incidents, and the year's agreements. Pages are read as the list reads them (keyset,
 * 200 at a time) and streamed.
 */

export { allPages } from '../../platform/pagination';

const tr = (l: Locale, k: string, p?: Record<string, string | number>) => translate(l, k, p);
const f = (l: Locale, name: string) => tr(l, `safety.fields.${name}`);

export function sendDrills(reply: FastifyReply, l: Locale, tz: string, pages: AsyncIterable<Drill[]>) {
  const cols: SheetColumn<Drill>[] = [
    { header: f(l, 'heldOn'), width: 12, value: (d) => d.heldOn },
    { header: f(l, 'scenario'), width: 14, value: (d) => tr(l, `safety.kind.${d.scenario}`) },
    { header: f(l, 'planId'), width: 24, value: (d) => d.planTitle },
    { header: f(l, 'organiserId'), width: 10, value: (d) => d.organiserName },
    { header: f(l, 'participantCount'), width: 10, value: (d) => d.participantCount },
    { header: f(l, 'classIds'), width: 30, value: (d) => d.classNames.join('、') },
    { header: f(l, 'evacuationSeconds'), width: 14, value: (d) => d.evacuationSeconds },
    { header: f(l, 'slow'), width: 10, value: (d) => (d.slow ? tr(l, 'common.yes') : '') },
    { header: f(l, 'problems'), width: 36, value: (d) => d.problems },
    { header: f(l, 'review'), width: 36, value: (d) => d.review },
    { header: tr(l, 'safety.export.recordedAt'), width: 17, value: (d) => localDateTimeOf(d.createdAt, tz) },
  ];
  return sendXlsx(reply, tr(l, 'safety.drills.title'), tr(l, 'safety.drills.title'), cols, pages);
}

export function sendEducation(reply: FastifyReply, l: Locale, pages: AsyncIterable<EducationRecord[]>) {
  const cols: SheetColumn<EducationRecord>[] = [
    { header: f(l, 'heldOn'), width: 12, value: (r) => r.heldOn },
    { header: f(l, 'kind'), width: 14, value: (r) => tr(l, `safety.educationKind.${r.kind}`) },
    { header: f(l, 'classId'), width: 12, value: (r) => r.className },
    { header: f(l, 'topic'), width: 30, value: (r) => r.topic },
    { header: f(l, 'teacherId'), width: 10, value: (r) => r.teacherName },
    { header: f(l, 'attendees'), width: 10, value: (r) => r.attendees },
    { header: f(l, 'note'), width: 30, value: (r) => r.note },
  ];
  return sendXlsx(reply, tr(l, 'safety.education.title'), tr(l, 'safety.education.title'), cols, pages);
}

export function sendIncidents(reply: FastifyReply, l: Locale, tz: string, pages: AsyncIterable<Incident[]>) {
  const cols: SheetColumn<Incident>[] = [
    { header: f(l, 'occurredAt'), width: 17, value: (i) => localDateTimeOf(i.occurredAt, tz) },
    { header: tr(l, 'safety.incidents.what'), width: 26, value: (i) => i.title },
    { header: f(l, 'locationId'), width: 24, value: (i) => i.locationPath ?? i.place },
    { header: f(l, 'severity'), width: 8, value: (i) => tr(l, `safety.severity.${i.severity}`) },
    { header: f(l, 'safetyAccident'), width: 10, value: (i) => (i.safetyAccident ? tr(l, 'common.yes') : tr(l, 'common.no')) },
    { header: f(l, 'description'), width: 40, value: (i) => i.description },
    { header: f(l, 'people'), width: 20, value: (i) => i.people },
    { header: f(l, 'actions'), width: 30, value: (i) => i.actions },
    { header: f(l, 'followUp'), width: 30, value: (i) => i.followUp },
    { header: tr(l, 'safety.incidents.reporter'), width: 10, value: (i) => i.reporterName },
  ];
  return sendXlsx(reply, tr(l, 'safety.incidents.title'), tr(l, 'safety.incidents.title'), cols, pages);
}

export function sendAgreements(reply: FastifyReply, l: Locale, view: AgreementYear) {
  type Row = AgreementYear['items'][number];
  const cols: SheetColumn<Row>[] = [
    { header: f(l, 'postId'), width: 24, value: (r) => r.post.name },
    { header: f(l, 'holderId'), width: 12, value: (r) => r.post.holderName },
    { header: f(l, 'year'), width: 8, value: () => view.year },
    { header: tr(l, 'common.status'), width: 10, value: (r) => tr(l, r.agreement ? 'safety.agreements.signed' : 'safety.agreements.unsigned') },
    { header: f(l, 'signerId'), width: 12, value: (r) => r.agreement?.signerName },
    { header: f(l, 'signedOn'), width: 12, value: (r) => r.agreement?.signedOn },
    { header: f(l, 'scanIds'), width: 10, value: (r) => r.agreement?.scans.length ?? 0 },
    { header: f(l, 'note'), width: 24, value: (r) => r.agreement?.note },
  ];
  const name = `${tr(l, 'safety.agreements.title')}-${view.year}`;
  return sendXlsx(reply, name, name, cols, (async function* () { yield view.items; })());
}
