import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Empty, Form, Input, Row, Skeleton, Typography, type FormInstance } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { weekdayOf, type CalendarSettings, type Holiday, type MakeUpDay, type Term } from '../../../contracts/schedules';
import type { SettingsView } from '../../../contracts/settings';
import { api, ApiError } from '../../api/client';
import { useCan, useCurrentUser } from '../../app/auth';
import { useI18n, type T } from '../../app/i18n';
import { useIsPhone } from '../../components/useIsPhone';

const KEY = ['settings', 'calendar'];
/** `terms: z.array(Term).max(40)` in contracts/schedules.ts. */
const MAX_TERMS = 40;
/** `holidays` / `makeUpDays`: `.max(200)` each. */
const MAX_DAYS = 200;
const YMD = 'YYYY-MM-DD';

/** A row being edited: dates as dayjs (what DatePicker holds), possibly still empty. */
interface TermRow { name?: string; start?: Dayjs | null; end?: Dayjs | null }
interface MakeUpRow { date?: Dayjs | null; name?: string }
interface Draft { terms: TermRow[]; holidays: TermRow[]; makeUpDays: MakeUpRow[] }
type ListName = keyof Draft;

const rowOf = (term: Term | Holiday): TermRow => ({ name: term.name, start: dayjs(term.start), end: dayjs(term.end) });
const termOf = (r: TermRow): Term => ({ name: (r.name ?? '').trim(), start: r.start!.format(YMD), end: r.end!.format(YMD) });
const makeUpRowOf = (m: MakeUpDay): MakeUpRow => ({ date: dayjs(m.date), name: m.name });
const makeUpOf = (r: MakeUpRow): MakeUpDay => ({ date: r.date!.format(YMD), name: (r.name ?? '').trim() });
const draftOf = (c: CalendarSettings): Draft => ({ terms: c.terms.map(rowOf), holidays: (c.holidays ?? []).map(rowOf), makeUpDays: (c.makeUpDays ?? []).map(makeUpRowOf) });
const byDate = <R,>(rows: R[] | undefined, at: (r: R) => Dayjs | null | undefined) => [...(rows ?? [])].sort((a, b) => at(a)!.valueOf() - at(b)!.valueOf());
const isWeekend = (d: Dayjs) => weekdayOf(d.format(YMD)) >= 6;

/** The other term whose dates meet this row's, if any. */
function overlapping(rows: TermRow[], index: number): TermRow | undefined {
  const a = rows[index];
  if (!a?.start || !a.end || a.end.isBefore(a.start, 'day')) return undefined;
  return rows.find((b, j) => j !== index && b?.start && b.end && !b.end.isBefore(b.start, 'day')
    && !a.start!.isAfter(b.end, 'day') && !b.start.isAfter(a.end!, 'day'));
}

const isRowField = (f: string | undefined): f is 'name' | 'start' | 'end' | 'date' => f === 'name' || f === 'start' || f === 'end' || f === 'date';
const isList = (l: string | undefined): l is ListName => l === 'terms' || l === 'holidays' || l === 'makeUpDays';

/** The server's field errors (`terms.2.end`, `makeUpDays.0.date`) onto the row's field; the rest are returned for a banner. */
function applyTermErrors(form: FormInstance<Draft>, err: unknown, t: T): string[] {
  if (!(err instanceof ApiError)) return [];
  const rest: string[] = [];
  const byField = new Map<string, { name: [ListName, number, string]; errors: string[] }>();
  for (const f of err.fields) {
    const [list, index, field] = f.path.split('.');
    if (!isList(list) || !/^\d+$/.test(index ?? '') || !isRowField(field)) { rest.push(f.message); continue; }
    // "结束日期：…" repeats the label above the field: keep only the message.
    const label = t(`fields.${field}`);
    const msg = f.message.startsWith(label) && /^\s*[：:]/.test(f.message.slice(label.length)) ? f.message.slice(label.length).replace(/^\s*[：:]\s*/, '') : f.message;
    const entry = byField.get(f.path) ?? { name: [list, Number(index), field], errors: [] };
    entry.errors.push(msg);
    byField.set(f.path, entry);
  }
  form.setFields([...byField.values()] as Parameters<typeof form.setFields>[0]);
  return rest;
}

function ReadOnlyTerms({ calendar, t }: { calendar: CalendarSettings; t: T }) {
  const { terms, holidays = [], makeUpDays = [] } = calendar;
  if (!terms.length) return <Typography.Text type="secondary">{t('settings.calendar.empty')}</Typography.Text>;
  return (
    <>
      <ul style={{ margin: 0, paddingInlineStart: 20 }}>
        {terms.map((term) => <li key={`${term.name}-${term.start}`}>{term.name}：{term.start} – {term.end}</li>)}
      </ul>
      {holidays.length > 0 && <Typography.Title level={5} style={{ marginTop: 12 }}>{t('settings.calendar.holidaysTitle')}</Typography.Title>}
      {holidays.length > 0 && (
        <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="calendar-holidays-view">
          {holidays.map((h) => <li key={`${h.name}-${h.start}`}>{h.name}：{h.start} – {h.end}</li>)}
        </ul>
      )}
      {makeUpDays.length > 0 && <Typography.Title level={5} style={{ marginTop: 12 }}>{t('settings.calendar.makeUpTitle')}</Typography.Title>}
      {makeUpDays.length > 0 && (
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {makeUpDays.map((m) => <li key={m.date}>{m.date}{m.name ? `（${m.name}）` : ''}</li>)}
        </ul>
      )}
    </>
  );
}

/**
 * The school's calendar: terms (学期: "each term" schedules count from them, statistics default to the
 * current one), holidays and make-up school days (the gate's closed week and the patrol rule follow them).
 */
export function CalendarSettingsCard() {
  const { t } = useI18n();
  const can = useCan();
  const me = useCurrentUser();
  const phone = useIsPhone();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Draft>();
  const [error, setError] = useState<{ text: string; conflict: boolean } | null>(null);
  const readable = can('settings.read');
  const writable = can('settings.write') && me.schoolKind === 'school';
  const settings = useQuery({ queryKey: KEY, queryFn: () => api<SettingsView<CalendarSettings>>('/settings/calendar'), enabled: readable });

  useEffect(() => {
    if (settings.data && writable) form.setFieldsValue(draftOf(settings.data.values));
  }, [settings.data, writable, form]);

  const save = useMutation({
    mutationFn: (body: { values: CalendarSettings; version: number }) => api<SettingsView<CalendarSettings>>('/settings/calendar', { method: 'PATCH', body }),
    onSuccess: (s) => qc.setQueryData(KEY, s),
  });

  if (!readable) return null;
  if (settings.isError) return <Alert type="error" showIcon title={(settings.error as Error).message} />;

  const submit = async (d: Draft) => {
    if (!settings.data) return;
    setError(null);
    // Saved in date order; the form shows that order too, so a refused row's index still points at it.
    const rows = byDate(d.terms, (r) => r.start);
    const holidays = byDate(d.holidays, (r) => r.start);
    const makeUps = byDate(d.makeUpDays, (r) => r.date);
    form.setFieldsValue({ terms: rows, holidays, makeUpDays: makeUps });
    try {
      await save.mutateAsync({ values: { terms: rows.map(termOf), holidays: holidays.map(termOf), makeUpDays: makeUps.map(makeUpOf) }, version: settings.data.version });
      message.success(t('common.saved'));
    } catch (e) {
      const rest = applyTermErrors(form, e, t);
      const conflict = e instanceof ApiError && e.code === 'conflict';
      if (conflict || rest.length || !(e instanceof ApiError) || !e.fields.length) setError({ text: rest.length ? rest.join(' ') : e instanceof ApiError ? e.message : String(e), conflict });
    }
  };

  const required = { required: true, message: t('form.required') };
  const help = <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>{t('settings.calendar.help')}</Typography.Paragraph>;

  return (
    <Card size="small" title={t('settings.calendar.title')} style={{ maxWidth: 860, marginTop: 16 }} data-testid="calendar-settings">
      {!settings.data ? <Skeleton active /> : !writable ? (
        <>{help}<ReadOnlyTerms calendar={settings.data.values} t={t} /></>
      ) : (
        <>
          {help}
          {error && (
            <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error.conflict ? t('form.conflict') : error.text}
              action={error.conflict ? <Button size="small" onClick={() => { setError(null); void settings.refetch(); }}>{t('form.reloadLatest')}</Button> : undefined} />
          )}
          <Form form={form} layout="vertical" onFinish={submit} data-testid="calendar-settings-form">
            <Form.List name="terms">
              {(fields, { add, remove }) => (
                <>
                  {!fields.length && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('settings.calendar.empty')} style={{ margin: '8px 0 16px' }} />}
                  {fields.map((field, i) => {
                    // On a wide screen the first row's labels head the columns; on a phone every term is labelled.
                    const labelled = phone || i === 0;
                    const others = fields.filter((f) => f.key !== field.key).flatMap((f) => [['terms', f.name, 'start'], ['terms', f.name, 'end']]);
                    return (
                      <Row key={field.key} gutter={[12, 0]} align="top" data-testid={`term-row-${i}`}
                        style={phone ? { borderBottom: '1px solid rgba(5,5,5,0.06)', marginBottom: 12 } : undefined}>
                        <Col span={phone ? 24 : 10}>
                          <Form.Item name={[field.name, 'name']} label={labelled ? t('fields.name') : undefined} style={phone ? { marginBottom: 12 } : undefined}
                            rules={[{ ...required, whitespace: true }, { max: 40, message: t('form.maxChars', { n: 40 }) }]}>
                            <Input placeholder={t('settings.calendar.namePlaceholder')} maxLength={40} aria-label={t('fields.name')} data-testid={`term-name-${i}`} />
                          </Form.Item>
                        </Col>
                        <Col span={phone ? 10 : 6}>
                          <Form.Item name={[field.name, 'start']} label={labelled ? t('fields.start') : undefined}
                            dependencies={[['terms', field.name, 'end'], ...others]}
                            rules={[required, ({ getFieldValue }) => ({
                              validator: async () => {
                                const clash = overlapping(getFieldValue('terms') ?? [], field.name);
                                if (clash) throw new Error(t('settings.calendar.overlap', { name: clash.name?.trim() || '—' }));
                              },
                            })]}>
                            <DatePicker style={{ width: '100%' }} inputReadOnly={phone} placeholder={t('fields.start')} aria-label={t('fields.start')} data-testid={`term-start-${i}`} />
                          </Form.Item>
                        </Col>
                        <Col span={phone ? 10 : 6}>
                          <Form.Item name={[field.name, 'end']} label={labelled ? t('fields.end') : undefined}
                            dependencies={[['terms', field.name, 'start']]}
                            rules={[required, ({ getFieldValue }) => ({
                              validator: async (_, end: Dayjs | null | undefined) => {
                                const start = getFieldValue(['terms', field.name, 'start']) as Dayjs | null | undefined;
                                if (start && end && end.isBefore(start, 'day')) throw new Error(t('settings.calendar.endBeforeStart'));
                              },
                            })]}>
                            <DatePicker style={{ width: '100%' }} inputReadOnly={phone} placeholder={t('fields.end')} aria-label={t('fields.end')} data-testid={`term-end-${i}`}
                              disabledDate={(d) => { const s = form.getFieldValue(['terms', field.name, 'start']) as Dayjs | undefined; return !!s && d.isBefore(s, 'day'); }} />
                          </Form.Item>
                        </Col>
                        <Col span={phone ? 4 : 2}>
                          <Form.Item label={labelled ? ' ' : undefined} colon={false}>
                            <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)}
                              title={t('settings.calendar.remove')} aria-label={t('settings.calendar.remove')} data-testid={`term-remove-${i}`} />
                          </Form.Item>
                        </Col>
                      </Row>
                    );
                  })}
                  <Form.Item extra={fields.length >= MAX_TERMS ? t('settings.calendar.tooMany', { max: MAX_TERMS }) : undefined}>
                    <Button type="dashed" icon={<PlusOutlined />} block={phone} disabled={fields.length >= MAX_TERMS} onClick={() => add({ name: '' })} data-testid="calendar-add">
                      {t('settings.calendar.add')}
                    </Button>
                  </Form.Item>
                </>
              )}
            </Form.List>
            <Typography.Title level={5}>{t('settings.calendar.holidaysTitle')}</Typography.Title>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>{t('settings.calendar.holidaysHelp')}</Typography.Paragraph>
            <Form.List name="holidays">
              {(fields, { add, remove }) => (
                <>
                  {!fields.length && <Typography.Paragraph type="secondary">{t('settings.calendar.noHolidays')}</Typography.Paragraph>}
                  {fields.map((field, i) => {
                    const labelled = phone || i === 0;
                    return (
                      <Row key={field.key} gutter={[12, 0]} align="top" data-testid={`holiday-row-${i}`}
                        style={phone ? { borderBottom: '1px solid rgba(5,5,5,0.06)', marginBottom: 12 } : undefined}>
                        <Col span={phone ? 24 : 10}>
                          <Form.Item name={[field.name, 'name']} label={labelled ? t('fields.name') : undefined} style={phone ? { marginBottom: 12 } : undefined}
                            rules={[{ ...required, whitespace: true }, { max: 40, message: t('form.maxChars', { n: 40 }) }]}>
                            <Input placeholder={t('settings.calendar.holidayPlaceholder')} maxLength={40} aria-label={t('fields.name')} data-testid={`holiday-name-${i}`} />
                          </Form.Item>
                        </Col>
                        <Col span={phone ? 10 : 6}>
                          <Form.Item name={[field.name, 'start']} label={labelled ? t('fields.start') : undefined} rules={[required]}>
                            <DatePicker style={{ width: '100%' }} inputReadOnly={phone} placeholder={t('fields.start')} aria-label={t('fields.start')} data-testid={`holiday-start-${i}`} />
                          </Form.Item>
                        </Col>
                        <Col span={phone ? 10 : 6}>
                          <Form.Item name={[field.name, 'end']} label={labelled ? t('fields.end') : undefined}
                            dependencies={[['holidays', field.name, 'start']]}
                            rules={[required, ({ getFieldValue }) => ({
                              validator: async (_, end: Dayjs | null | undefined) => {
                                const start = getFieldValue(['holidays', field.name, 'start']) as Dayjs | null | undefined;
                                if (start && end && end.isBefore(start, 'day')) throw new Error(t('settings.calendar.endBeforeStart'));
                              },
                            })]}>
                            <DatePicker style={{ width: '100%' }} inputReadOnly={phone} placeholder={t('fields.end')} aria-label={t('fields.end')} data-testid={`holiday-end-${i}`}
                              disabledDate={(d) => { const s = form.getFieldValue(['holidays', field.name, 'start']) as Dayjs | undefined; return !!s && d.isBefore(s, 'day'); }} />
                          </Form.Item>
                        </Col>
                        <Col span={phone ? 4 : 2}>
                          <Form.Item label={labelled ? ' ' : undefined} colon={false}>
                            <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)}
                              title={t('settings.calendar.removeHoliday')} aria-label={t('settings.calendar.removeHoliday')} data-testid={`holiday-remove-${i}`} />
                          </Form.Item>
                        </Col>
                      </Row>
                    );
                  })}
                  <Form.Item>
                    <Button type="dashed" icon={<PlusOutlined />} block={phone} disabled={fields.length >= MAX_DAYS} onClick={() => add({ name: '' })} data-testid="holiday-add">
                      {t('settings.calendar.addHoliday')}
                    </Button>
                  </Form.Item>
                </>
              )}
            </Form.List>
            <Typography.Title level={5}>{t('settings.calendar.makeUpTitle')}</Typography.Title>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>{t('settings.calendar.makeUpHelp')}</Typography.Paragraph>
            <Form.List name="makeUpDays">
              {(fields, { add, remove }) => (
                <>
                  {!fields.length && <Typography.Paragraph type="secondary">{t('settings.calendar.noMakeUps')}</Typography.Paragraph>}
                  {fields.map((field, i) => {
                    const labelled = phone || i === 0;
                    return (
                      <Row key={field.key} gutter={[12, 0]} align="top" data-testid={`makeup-row-${i}`}>
                        <Col span={phone ? 10 : 6}>
                          <Form.Item name={[field.name, 'date']} label={labelled ? t('fields.date') : undefined}
                            rules={[required, { validator: async (_, d: Dayjs | null | undefined) => { if (d && !isWeekend(d)) throw new Error(t('settings.calendar.weekendOnly')); } }]}>
                            <DatePicker style={{ width: '100%' }} inputReadOnly={phone} placeholder={t('fields.date')} aria-label={t('fields.date')} data-testid={`makeup-date-${i}`}
                              disabledDate={(d) => !isWeekend(d)} />
                          </Form.Item>
                        </Col>
                        <Col span={phone ? 10 : 10}>
                          <Form.Item name={[field.name, 'name']} label={labelled ? t('fields.name') : undefined} rules={[{ max: 40, message: t('form.maxChars', { n: 40 }) }]}>
                            <Input placeholder={t('settings.calendar.makeUpPlaceholder')} maxLength={40} aria-label={t('fields.name')} data-testid={`makeup-name-${i}`} />
                          </Form.Item>
                        </Col>
                        <Col span={phone ? 4 : 2}>
                          <Form.Item label={labelled ? ' ' : undefined} colon={false}>
                            <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)}
                              title={t('settings.calendar.removeMakeUp')} aria-label={t('settings.calendar.removeMakeUp')} data-testid={`makeup-remove-${i}`} />
                          </Form.Item>
                        </Col>
                      </Row>
                    );
                  })}
                  <Form.Item>
                    <Button type="dashed" icon={<PlusOutlined />} block={phone} disabled={fields.length >= MAX_DAYS} onClick={() => add({ name: '' })} data-testid="makeup-add">
                      {t('settings.calendar.addMakeUp')}
                    </Button>
                  </Form.Item>
                </>
              )}
            </Form.List>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="calendar-settings-submit">{t('common.save')}</Button>
          </Form>
        </>
      )}
    </Card>
  );
}
