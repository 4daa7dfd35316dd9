import { Checkbox, DatePicker, InputNumber, Segmented, Select, TimePicker, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ScheduleFreq, ScheduleRule } from '../../../contracts/schedules';
import { useI18n, type T } from '../../app/i18n';
import { useIsPhone } from '../../components/useIsPhone';

/** The editor's value: a rule being built (fields of every kind may be present while editing). */
export interface RuleDraft {
  freq: ScheduleFreq;
  weekdays?: number[];
  monthDay?: number;
  termDay?: 'start' | 'end';
  offsetDays?: number;
  dates?: string[];
  time: string;
  startsOn: string;
  endsOn?: string;
}

export const FREQS: ScheduleFreq[] = ['daily', 'weekly', 'monthly', 'term', 'dates'];
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

export const newDraft = (): RuleDraft => ({ freq: 'monthly', monthDay: 1, weekdays: [1], termDay: 'start', offsetDays: -3, dates: [], time: '08:00', startsOn: dayjs().format('YYYY-MM-DD') });

/** A stored rule → a draft with sensible values for the other kinds, so switching kinds loses nothing typed. */
export function draftOf(rule: Record<string, unknown> | null | undefined): RuleDraft {
  return { ...newDraft(), ...(rule ?? {}) } as RuleDraft;
}

/** The draft → only the fields of its kind, as contracts/schedules.ts wants them. */
export function ruleOf(d: RuleDraft): ScheduleRule {
  const when = { time: d.time, startsOn: d.startsOn, ...(d.endsOn ? { endsOn: d.endsOn } : {}) };
  switch (d.freq) {
    case 'daily': return { freq: 'daily', ...when };
    case 'weekly': return { freq: 'weekly', weekdays: [...(d.weekdays ?? [])].sort(), ...when };
    case 'monthly': return { freq: 'monthly', monthDay: d.monthDay ?? 1, ...when };
    case 'term': return { freq: 'term', termDay: d.termDay ?? 'start', offsetDays: d.offsetDays ?? 0, ...when };
    case 'dates': return { freq: 'dates', dates: [...(d.dates ?? [])].sort(), ...when };
  }
}

/** A rule in words: "每周一、三 08:00", "每学期开学前 3 天 08:00". */
export function describeRule(rule: Record<string, unknown> | null | undefined, t: T): string {
  if (!rule || typeof rule.freq !== 'string') return t('common.none');
  const d = draftOf(rule);
  const time = d.time ?? '';
  switch (d.freq) {
    case 'daily': return t('repairs.schedule.sayDaily', { time });
    case 'weekly': return t('repairs.schedule.sayWeekly', { days: (d.weekdays ?? []).map((w) => t(`repairs.schedule.weekday${w}`)).join(t('repairs.schedule.listSep')), time });
    case 'monthly': return t('repairs.schedule.sayMonthly', { day: d.monthDay ?? 1, time });
    case 'term': {
      const off = d.offsetDays ?? 0;
      const key = off === 0 ? 'On' : off < 0 ? 'Before' : 'After';
      return t(`repairs.schedule.sayTerm${d.termDay === 'end' ? 'End' : 'Start'}${key}`, { n: Math.abs(off), time });
    }
    case 'dates': return t('repairs.schedule.sayDates', { dates: (d.dates ?? []).join(t('repairs.schedule.listSep')), time });
  }
  return t('common.none');
}

/** Schedule rule editor: how often, which days, at what time, from when to when. */
export function ScheduleEditor({ value, onChange }: { value?: RuleDraft; onChange?: (v: RuleDraft) => void }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const v = value ?? newDraft();
  const set = (patch: Partial<RuleDraft>) => onChange?.({ ...v, ...patch });
  const row = { display: 'flex', flexWrap: 'wrap' as const, alignItems: 'center', gap: 8, marginTop: 10 };
  return (
    <div data-testid="schedule-editor" style={{ border: '1px solid #f0f0f0', borderRadius: 8, padding: 12 }}>
      <div style={{ overflowX: 'auto' }}>
        <Segmented value={v.freq} onChange={(f) => set({ freq: f as ScheduleFreq })} data-testid="schedule-freq"
          options={FREQS.map((f) => ({ value: f, label: t(`repairs.schedule.freq.${f}`) }))} />
      </div>
      {v.freq === 'weekly' && (
        <div style={row}>
          <Checkbox.Group value={v.weekdays} onChange={(w) => set({ weekdays: w as number[] })}
            options={WEEKDAYS.map((w) => ({ value: w, label: t(`repairs.schedule.weekday${w}`) }))} />
        </div>
      )}
      {v.freq === 'monthly' && (
        <div style={row}>
          <span>{t('repairs.schedule.monthDayBefore')}</span>
          <InputNumber min={1} max={31} value={v.monthDay} onChange={(n) => set({ monthDay: n ?? 1 })} style={{ width: 80 }} />
          <span>{t('repairs.schedule.monthDayAfter')}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('repairs.schedule.monthDayHint')}</Typography.Text>
        </div>
      )}
      {v.freq === 'term' && (
        <div style={row}>
          <Select value={v.termDay} onChange={(d) => set({ termDay: d })} style={{ width: 120 }}
            options={[{ value: 'start', label: t('repairs.schedule.termStart') }, { value: 'end', label: t('repairs.schedule.termEnd') }]} />
          <InputNumber min={-60} max={60} value={v.offsetDays} onChange={(n) => set({ offsetDays: n ?? 0 })} style={{ width: 90 }} />
          <span>{t('repairs.schedule.offsetDays')}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12, flexBasis: '100%' }}>{t('repairs.schedule.offsetHint')}</Typography.Text>
        </div>
      )}
      {v.freq === 'dates' && (
        <div style={row}>
          <DatePicker multiple style={{ width: '100%' }} inputReadOnly={phone} value={(v.dates ?? []).map((d) => dayjs(d))} maxTagCount="responsive"
            onChange={(ds) => set({ dates: (Array.isArray(ds) ? ds : ds ? [ds] : []).map((d) => d.format('YYYY-MM-DD')) })}
            placeholder={t('repairs.schedule.pickDates')} />
        </div>
      )}
      <div style={row}>
        <span>{t('repairs.schedule.time')}</span>
        <TimePicker format="HH:mm" minuteStep={5} allowClear={false} inputReadOnly={phone} value={dayjs(`2000-01-01 ${v.time}`)}
          onChange={(d) => set({ time: d ? d.format('HH:mm') : '08:00' })} style={{ width: 110 }} />
      </div>
      <div style={row}>
        <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}>
          <span>{t('repairs.schedule.startsOn')}</span>
          <DatePicker allowClear={false} inputReadOnly={phone} value={dayjs(v.startsOn)} onChange={(d) => set({ startsOn: d ? d.format('YYYY-MM-DD') : v.startsOn })} style={{ width: 140 }} />
        </span>
        <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}>
          <span>{t('repairs.schedule.endsOn')}</span>
          <DatePicker inputReadOnly={phone} value={v.endsOn ? dayjs(v.endsOn) : null} onChange={(d) => set({ endsOn: d ? d.format('YYYY-MM-DD') : undefined })}
            placeholder={t('repairs.schedule.noEnd')} style={{ width: 140 }} />
        </span>
      </div>
      <Typography.Paragraph type="secondary" style={{ marginTop: 10, marginBottom: 0 }} data-testid="schedule-summary">
        {describeRule(ruleOf(v) as unknown as Record<string, unknown>, t)}
      </Typography.Paragraph>
    </div>
  );
}
