import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Empty, Form, Input, Row, Skeleton, Typography, type FormInstance } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { CalendarSettings, Term } from '../../../contracts/schedules';
import type { SettingsView } from '../../../contracts/settings';
import { api, ApiError } from '../../api/client';
import { useCan, useCurrentUser } from '../../app/auth';
import { useI18n, type T } from '../../app/i18n';
import { useIsPhone } from '../../components/useIsPhone';

const KEY = ['settings', 'calendar'];
/** `terms: z.array(Term).max(40)` in contracts/schedules.ts. */
const MAX_TERMS = 40;
const YMD = 'YYYY-MM-DD';

/** A row being edited: dates as dayjs (what DatePicker holds), possibly still empty. */
interface TermRow { name?: string; start?: Dayjs | null; end?: Dayjs | null }
interface Draft { terms: TermRow[] }

const rowOf = (term: Term): TermRow => ({ name: term.name, start: dayjs(term.start), end: dayjs(term.end) });
const termOf = (r: TermRow): Term => ({ name: (r.name ?? '').trim(), start: r.start!.format(YMD), end: r.end!.format(YMD) });

/** The other term whose dates meet this row's, if any. */
function overlapping(rows: TermRow[], index: number): TermRow | undefined {
  const a = rows[index];
  if (!a?.start || !a.end || a.end.isBefore(a.start, 'day')) return undefined;
  return rows.find((b, j) => j !== index && b?.start && b.end && !b.end.isBefore(b.start, 'day')
    && !a.start!.isAfter(b.end, 'day') && !b.start.isAfter(a.end!, 'day'));
}

const isRowField = (f: string | undefined): f is keyof TermRow => f === 'name' || f === 'start' || f === 'end';

/** The server's field errors (`terms.2.end`) onto the row's field; the rest are returned for a banner. */
function applyTermErrors(form: FormInstance<Draft>, err: unknown, t: T): string[] {
  if (!(err instanceof ApiError)) return [];
  const rest: string[] = [];
  const byField = new Map<string, { name: ['terms', number, keyof TermRow]; errors: string[] }>();
  for (const f of err.fields) {
    const [list, index, field] = f.path.split('.');
    if (list !== 'terms' || !/^\d+$/.test(index ?? '') || !isRowField(field)) { rest.push(f.message); continue; }
    // "结束日期：…" repeats the label above the field: keep only the message.
    const label = t(`fields.${field}`);
    const msg = f.message.startsWith(label) && /^\s*[：:]/.test(f.message.slice(label.length)) ? f.message.slice(label.length).replace(/^\s*[：:]\s*/, '') : f.message;
    const entry = byField.get(f.path) ?? { name: ['terms', Number(index), field], errors: [] };
    entry.errors.push(msg);
    byField.set(f.path, entry);
  }
  form.setFields([...byField.values()]);
  return rest;
}

function ReadOnlyTerms({ terms, t }: { terms: Term[]; t: T }) {
  if (!terms.length) return <Typography.Text type="secondary">{t('settings.calendar.empty')}</Typography.Text>;
  return (
    <ul style={{ margin: 0, paddingInlineStart: 20 }}>
      {terms.map((term) => <li key={`${term.name}-${term.start}`}>{term.name}：{term.start} – {term.end}</li>)}
    </ul>
  );
}

/** The school's terms (学期): "each term" schedules count from them, statistics default to the current one. */
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
    if (settings.data && writable) form.setFieldsValue({ terms: settings.data.values.terms.map(rowOf) });
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
    const rows = [...(d.terms ?? [])].sort((a, b) => a.start!.valueOf() - b.start!.valueOf());
    form.setFieldsValue({ terms: rows });
    try {
      await save.mutateAsync({ values: { terms: rows.map(termOf) }, version: settings.data.version });
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
        <>{help}<ReadOnlyTerms terms={settings.data.values.terms} t={t} /></>
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
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="calendar-settings-submit">{t('common.save')}</Button>
          </Form>
        </>
      )}
    </Card>
  );
}
