import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Divider, Form, InputNumber, Row, Select, Skeleton, Switch, TimePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import {
  DEFAULT_PATROL_SETTINGS, DUTY_KINDS, type GateSettings, type PatrolSettings, type DutyKind,
} from '../../../../contracts/safetyGate';
import type { SettingsView } from '../../../../contracts/settings';
import { api, ApiError } from '../../../api/client';
import { useCan, useCurrentUser } from '../../../app/auth';
import { useI18n, type T } from '../../../app/i18n';
import { applyServerErrors } from '../../../components/resource/formKit';

const HM = 'HH:mm';
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const time = (s: string) => dayjs(`2000-01-01T${s}`);
const hm = (d: Dayjs | null | undefined) => (d ? d.format(HM) : '');
/** ISO weekday (1 = Monday) → the weekday label (0 = Sunday in the gate's i18n). */
const dayLabel = (t: T, d: number) => t(`duty.weekday.${d % 7}`);

interface GateDraft {
  closedFromDay: number; closedFromTime: Dayjs; closedUntilDay: number; closedUntilTime: Dayjs;
  classDays: number[]; classStart: Dayjs; classEnd: Dayjs; visitorDayEnd: Dayjs; passMaxDays: number;
  shifts: Record<DutyKind, { start: Dayjs; hours: number }>;
}
const gateDraft = (s: GateSettings): GateDraft => ({
  closedFromDay: s.boarderClosedFrom.weekday, closedFromTime: time(s.boarderClosedFrom.time),
  closedUntilDay: s.boarderClosedUntil.weekday, closedUntilTime: time(s.boarderClosedUntil.time),
  classDays: s.classDays, classStart: time(s.classStart), classEnd: time(s.classEnd), visitorDayEnd: time(s.visitorDayEnd), passMaxDays: s.passMaxDays,
  shifts: Object.fromEntries(DUTY_KINDS.map((k) => [k, { start: time(s.shifts[k].start), hours: s.shifts[k].hours }])) as GateDraft['shifts'],
});
const gateValues = (d: GateDraft): GateSettings => ({
  boarderClosedFrom: { weekday: d.closedFromDay, time: hm(d.closedFromTime) },
  boarderClosedUntil: { weekday: d.closedUntilDay, time: hm(d.closedUntilTime) },
  classDays: [...d.classDays].sort(), classStart: hm(d.classStart), classEnd: hm(d.classEnd), visitorDayEnd: hm(d.visitorDayEnd), passMaxDays: d.passMaxDays,
  shifts: Object.fromEntries(DUTY_KINDS.map((k) => [k, { start: hm(d.shifts[k].start), hours: d.shifts[k].hours }])) as GateSettings['shifts'],
});

interface PatrolDraft { keyAreaPerDay: number; dormPerNight: number; firePerDay: number; nightStart: Dayjs; nightEnd: Dayjs; keyAreaFireEveryDay: boolean }
const patrolDraft = (s: PatrolSettings): PatrolDraft => ({ ...s, nightStart: time(s.nightStart), nightEnd: time(s.nightEnd) });
const patrolValues = (d: PatrolDraft): PatrolSettings => ({ ...d, nightStart: hm(d.nightStart), nightEnd: hm(d.nightEnd) });

/** One settings card's load and save, with the server's field errors on the form's fields. */
function useRules<V, D>(key: 'gate' | 'patrol', toDraft: (v: V) => D, toValues: (d: D) => V, fieldNames: string[]) {
  const { t } = useI18n();
  const can = useCan();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<D>();
  const [error, setError] = useState<{ text: string; conflict: boolean } | null>(null);
  const readable = can(`${key}.settings.read`);
  const writable = can(`${key}.settings.write`) && me.schoolKind === 'school';
  const q = useQuery({ queryKey: ['settings', key], queryFn: () => api<SettingsView<V>>(`/settings/${key}`), enabled: readable });
  useEffect(() => { if (q.data) form.setFieldsValue(toDraft(q.data.values) as never); }, [q.data, form, toDraft]);
  const save = useMutation({
    mutationFn: (body: { values: V; version: number }) => api<SettingsView<V>>(`/settings/${key}`, { method: 'PATCH', body }),
    onSuccess: (s) => qc.setQueryData(['settings', key], s),
  });
  const submit = async (d: D) => {
    if (!q.data) return;
    setError(null);
    try {
      await save.mutateAsync({ values: toValues(d), version: q.data.version });
      message.success(t('common.saved'));
    } catch (e) {
      const rest = applyServerErrors(form, e, fieldNames);
      const conflict = e instanceof ApiError && e.code === 'conflict';
      if (conflict || rest.length || !(e instanceof ApiError) || !e.fields.length) setError({ text: rest.length ? rest.join(' ') : e instanceof ApiError ? e.message : String(e), conflict });
    }
  };
  const banner = error && (
    <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error.conflict ? t('form.conflict') : error.text}
      action={error.conflict ? <Button size="small" onClick={() => { setError(null); void q.refetch(); }}>{t('form.reloadLatest')}</Button> : undefined} />
  );
  return { t, form, q, readable, writable, submit, saving: save.isPending, banner };
}

const dayOptions = (t: T) => WEEKDAYS.map((d) => ({ value: d, label: dayLabel(t, d) }));

/** The gate's rules (boarders' closed week, class hours, visitors' day end, pass length, duty shifts). */
function GateRules() {
  const r = useRules<GateSettings, GateDraft>('gate', gateDraft, gateValues, ['boarderClosedFrom', 'boarderClosedUntil', 'classDays', 'classStart', 'classEnd', 'visitorDayEnd', 'passMaxDays', 'shifts']);
  const { t } = r;
  if (!r.readable) return null;
  const v = r.q.data?.values;
  if (!v) return <Skeleton active />;
  if (!r.writable) {
    return (
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} data-testid="gate-rules-view">
        <Descriptions.Item label={t('gate.rules.closed')}>{`${dayLabel(t, v.boarderClosedFrom.weekday)} ${v.boarderClosedFrom.time} — ${dayLabel(t, v.boarderClosedUntil.weekday)} ${v.boarderClosedUntil.time}`}</Descriptions.Item>
        <Descriptions.Item label={t('gate.rules.classHours')}>{`${v.classDays.map((d) => dayLabel(t, d)).join('、')} ${v.classStart}—${v.classEnd}`}</Descriptions.Item>
        <Descriptions.Item label={t('fields.visitorDayEnd')}>{v.visitorDayEnd}</Descriptions.Item>
        <Descriptions.Item label={t('fields.passMaxDays')}>{v.passMaxDays}</Descriptions.Item>
      </Descriptions>
    );
  }
  const timeItem = (name: (string | number)[], label: string) => (
    <Form.Item name={name} label={label} rules={[{ required: true }]}><TimePicker format={HM} minuteStep={5} needConfirm={false} style={{ width: '100%' }} /></Form.Item>
  );
  return (
    <>
      {r.banner}
      <Form form={r.form} layout="vertical" onFinish={r.submit} data-testid="gate-rules-form">
        <Row gutter={12}>
          <Col xs={12} sm={6}><Form.Item name="closedFromDay" label={t('gate.rules.closedFrom')}><Select options={dayOptions(t)} /></Form.Item></Col>
          <Col xs={12} sm={6}>{timeItem(['closedFromTime'], t('gate.rules.time'))}</Col>
          <Col xs={12} sm={6}><Form.Item name="closedUntilDay" label={t('gate.rules.closedUntil')}><Select options={dayOptions(t)} /></Form.Item></Col>
          <Col xs={12} sm={6}>{timeItem(['closedUntilTime'], t('gate.rules.time'))}</Col>
        </Row>
        <Form.Item name="classDays" label={t('fields.classDays')} extra={t('gate.rules.classDaysHelp')}><Checkbox.Group options={dayOptions(t)} /></Form.Item>
        <Row gutter={12}>
          <Col xs={12} sm={6}>{timeItem(['classStart'], t('fields.classStart'))}</Col>
          <Col xs={12} sm={6}>{timeItem(['classEnd'], t('fields.classEnd'))}</Col>
          <Col xs={12} sm={6}>{timeItem(['visitorDayEnd'], t('fields.visitorDayEnd'))}</Col>
          <Col xs={12} sm={6}><Form.Item name="passMaxDays" label={t('fields.passMaxDays')} rules={[{ required: true }]}><InputNumber min={1} max={60} style={{ width: '100%' }} /></Form.Item></Col>
        </Row>
        <Row gutter={12}>
          {DUTY_KINDS.map((k) => (
            <Col xs={24} sm={8} key={k}>
              <Row gutter={8}>
                <Col span={14}>{timeItem(['shifts', k, 'start'], t('gate.rules.shiftStart', { kind: t(`duty.kind.${k}`) }))}</Col>
                <Col span={10}><Form.Item name={['shifts', k, 'hours']} label={t('gate.rules.hours')} rules={[{ required: true }]}><InputNumber min={1} max={24} style={{ width: '100%' }} /></Form.Item></Col>
              </Row>
            </Col>
          ))}
        </Row>
        <Button type="primary" htmlType="submit" loading={r.saving} data-testid="gate-rules-submit">{t('common.save')}</Button>
      </Form>
    </>
  );
}

/** The patrol rule (national minimums in the help texts). */
function PatrolRules() {
  const r = useRules<PatrolSettings, PatrolDraft>('patrol', patrolDraft, patrolValues, ['keyAreaPerDay', 'dormPerNight', 'firePerDay', 'nightStart', 'nightEnd', 'keyAreaFireEveryDay']);
  const { t } = r;
  if (!r.readable) return null;
  const v = r.q.data?.values;
  if (!v) return <Skeleton active />;
  if (!r.writable) {
    return (
      <Descriptions size="small" column={{ xs: 1, sm: 3 }} data-testid="patrol-rules-view">
        <Descriptions.Item label={t('fields.keyAreaPerDay')}>{v.keyAreaPerDay}</Descriptions.Item>
        <Descriptions.Item label={t('fields.dormPerNight')}>{v.dormPerNight}</Descriptions.Item>
        <Descriptions.Item label={t('fields.firePerDay')}>{v.firePerDay}</Descriptions.Item>
        <Descriptions.Item label={t('fields.keyAreaFireEveryDay')}>{v.keyAreaFireEveryDay ? t('common.yes') : t('common.no')}</Descriptions.Item>
      </Descriptions>
    );
  }
  const d = DEFAULT_PATROL_SETTINGS;
  const num = (name: keyof PatrolSettings, min: number, help: string) => (
    <Col xs={24} sm={8}>
      <Form.Item name={name} label={t(`fields.${name}`)} extra={help} rules={[{ required: true }]}>
        <InputNumber min={min} max={48} style={{ width: '100%' }} />
      </Form.Item>
    </Col>
  );
  return (
    <>
      {r.banner}
      <Form form={r.form} layout="vertical" onFinish={r.submit} data-testid="patrol-rules-form">
        <Row gutter={12}>
          {num('keyAreaPerDay', 0, t('gate.rules.keyAreaHelp', { n: d.keyAreaPerDay }))}
          {num('dormPerNight', 0, t('gate.rules.dormHelp', { n: d.dormPerNight }))}
          {num('firePerDay', 0, t('gate.rules.fireHelp', { n: d.firePerDay }))}
        </Row>
        <Row gutter={12}>
          {(['nightStart', 'nightEnd'] as const).map((k) => (
            <Col xs={12} sm={8} key={k}>
              <Form.Item name={k} label={t(`fields.${k}`)} extra={k === 'nightStart' ? t('gate.rules.nightHelp') : undefined} rules={[{ required: true }]}>
                <TimePicker format={HM} minuteStep={5} needConfirm={false} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Form.Item name="keyAreaFireEveryDay" label={t('fields.keyAreaFireEveryDay')} valuePropName="checked" extra={t('gate.rules.everyDayHelp')}>
          <Switch data-testid="patrol-every-day" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={r.saving} data-testid="patrol-rules-submit">{t('common.save')}</Button>
      </Form>
    </>
  );
}

/** The school page's card for the gate and patrol rules (settings `gate` and `patrol`). */
export function GateRulesCard() {
  const { t } = useI18n();
  const can = useCan();
  if (!can('gate.settings.read') && !can('patrol.settings.read')) return null;
  return (
    <Card size="small" title={t('gate.rules.title')} style={{ maxWidth: 860, marginTop: 16 }} data-testid="gate-rules">
      <GateRules />
      <Divider titlePlacement="start" plain>{t('gate.rules.patrolTitle')}</Divider>
      <PatrolRules />
    </Card>
  );
}
