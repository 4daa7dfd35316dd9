import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Drawer, Empty, Form, Input, InputNumber, Progress, Skeleton, Space, Tag, Typography } from 'antd';
import { CheckOutlined, MedicineBoxOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { DayChecks, MorningCheck } from '../../../../contracts/canteenStaff';
import { ApiError } from '../../../api/client';
import { useBulkPass, useDayChecks, useRecordCheck, useUpdateCheck } from '../../../api/canteenStaff';
import { useCan } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { PostTags, STAFF, useDateParam } from './shared';

type Item = DayChecks['items'][number];
interface SymptomValues { temperature?: number | null; fever?: boolean; diarrhoea?: boolean; wound?: boolean; soreThroat?: boolean; otherSymptom?: string }

/** 晨检 on a phone (390 px): today's people as cards, one tap "正常", a form for symptoms, "all others normal". */
export default function ChecksPage() {
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const [date, , picker] = useDateParam();
  const day = useDayChecks(date);
  const record = useRecordCheck();
  const update = useUpdateCheck();
  const bulk = useBulkPass();
  const [editing, setEditing] = useState<Item | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [form] = Form.useForm<SymptomValues>();
  const writer = can(STAFF.checksWrite);
  const fail = (e: unknown) => message.error(e instanceof Error ? e.message : String(e));

  const pass = async (it: Item) => {
    setBusy(it.staffId);
    try { await record.mutateAsync({ staffId: it.staffId, date: day.data?.date }); } catch (e) { fail(e); } finally { setBusy(null); }
  };
  const open = (it: Item) => {
    setEditing(it);
    const c = it.check;
    form.setFieldsValue({ temperature: c?.temperature ?? null, fever: c?.fever ?? false, diarrhoea: c?.diarrhoea ?? false, wound: c?.wound ?? false, soreThroat: c?.soreThroat ?? false, otherSymptom: c?.otherSymptom ?? '' });
  };
  const save = async (v: SymptomValues) => {
    if (!editing) return;
    const body = { temperature: v.temperature ?? null, fever: !!v.fever, diarrhoea: !!v.diarrhoea, wound: !!v.wound, soreThroat: !!v.soreThroat, otherSymptom: v.otherSymptom?.trim() || null };
    try {
      if (editing.check) await update.mutateAsync({ id: editing.check.id, version: editing.check.version, ...body });
      else await record.mutateAsync({ staffId: editing.staffId, date: day.data?.date, ...body });
      setEditing(null);
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) form.setFields(e.fields.map((f) => ({ name: f.path, errors: [f.message] })) as never);
      else fail(e);
    }
  };
  const items = day.data?.items ?? [];
  const unchecked = items.filter((i) => !i.check);
  const done = items.length - unchecked.length;
  const deadlinePassed = day.data ? dayjs().format('YYYY-MM-DD') === day.data.date && dayjs().format('HH:mm') >= day.data.deadline : false;

  return (
    <div data-testid="page-canteen-checks" style={{ maxWidth: 560 }}>
      <PageHeader title={t('canteen.staff.web.checksTitle')} sub={t('canteen.staff.web.checksSub', { deadline: day.data?.deadline ?? '08:00' })} extra={picker} />
      {!day.data ? <Skeleton active /> : (
        <>
          {!day.data.serviceDay && <Alert type="info" showIcon style={{ marginBottom: 8 }} title={t('canteen.staff.web.notServiceDay')} />}
          {deadlinePassed && day.data.serviceDay && unchecked.length > 0 && <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('canteen.staff.web.overdue')} data-testid="checks-overdue" />}
          <Card size="small" style={{ marginBottom: 8 }}>
            <Space direction="vertical" style={{ width: '100%' }}>
              <Typography.Text strong data-testid="checks-progress">{t('canteen.staff.web.checked', { n: done, total: items.length })}</Typography.Text>
              <Progress percent={items.length ? Math.round((done / items.length) * 100) : 0} showInfo={false} />
              {writer && unchecked.length > 0 && (
                <Button type="primary" size="large" block icon={<CheckOutlined />} loading={bulk.isPending} data-testid="checks-all-normal"
                  onClick={() => bulk.mutateAsync({ date: day.data!.date, staffIds: unchecked.map((i) => i.staffId) }).catch(fail)}>
                  {t('canteen.staff.web.allNormal', { n: unchecked.length })}
                </Button>
              )}
            </Space>
          </Card>
          {!items.length && <Empty />}
          {items.map((it) => <CheckCard key={it.staffId} it={it} writer={writer} busy={busy === it.staffId} onPass={() => pass(it)} onDetail={() => open(it)} />)}
        </>
      )}
      <Drawer open={!!editing} onClose={() => setEditing(null)} placement="bottom" height="auto" title={editing ? `${t('canteen.staff.web.detail')} · ${editing.name}` : ''} destroyOnHidden
        extra={<Button type="primary" onClick={() => form.submit()} loading={record.isPending || update.isPending} data-testid="check-save">{t('canteen.staff.web.save')}</Button>}>
        <Form form={form} layout="vertical" onFinish={save}>
          <Form.Item name="temperature" label={t('fields.temperature')}>
            <InputNumber min={34} max={43} step={0.1} precision={1} addonAfter="℃" size="large" style={{ width: 180 }} inputMode="decimal" data-testid="check-temperature" />
          </Form.Item>
          {(['fever', 'diarrhoea', 'wound', 'soreThroat'] as const).map((k) => (
            <Form.Item key={k} name={k} valuePropName="checked" style={{ marginBottom: 8 }}>
              <Checkbox data-testid={`check-${k}`} style={{ fontSize: 16 }}>{t(`fields.${k}`)}</Checkbox>
            </Form.Item>
          ))}
          <Form.Item name="otherSymptom" label={t('fields.otherSymptom')}>
            <Input.TextArea rows={2} maxLength={200} data-testid="check-other" />
          </Form.Item>
        </Form>
      </Drawer>
    </div>
  );
}

function ResultTag({ check }: { check: MorningCheck | null }) {
  const { t } = useI18n();
  if (!check) return <Tag>{t('canteen.staff.web.unchecked')}</Tag>;
  if (check.result === 'pass') return <Tag color="success">{t('canteen.staff.result.pass')}{check.temperature ? ` ${check.temperature}℃` : ''}</Tag>;
  return <Tag color="error">{check.reasons.map((r) => t(`canteen.staff.symptom.${r}`)).join('、')}{check.temperature ? ` ${check.temperature}℃` : ''}</Tag>;
}

function CheckCard({ it, writer, busy, onPass, onDetail }: { it: Item; writer: boolean; busy: boolean; onPass: () => void; onDetail: () => void }) {
  const { t } = useI18n();
  return (
    <Card size="small" style={{ marginBottom: 8 }} data-testid={`check-card-${it.staffId}`}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
        <div style={{ flex: '1 1 140px', minWidth: 0 }}>
          <Typography.Text strong style={{ fontSize: 16 }}>{it.name}</Typography.Text>
          <div><PostTags codes={it.posts} strike={it.check?.result === 'fail'} /></div>
          <div style={{ marginTop: 4 }}><ResultTag check={it.check} />{it.check?.checkerName && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('canteen.staff.web.checker')}：{it.check.checkerName}</Typography.Text>}</div>
        </div>
        {writer && (
          <Space>
            {!it.check && <Button type="primary" size="large" icon={<CheckOutlined />} loading={busy} onClick={onPass} data-testid={`check-pass-${it.staffId}`}>{t('canteen.staff.web.normal')}</Button>}
            <Button size="large" icon={<MedicineBoxOutlined />} onClick={onDetail} data-testid={`check-detail-${it.staffId}`}>{t('canteen.staff.web.symptoms')}</Button>
          </Space>
        )}
      </div>
    </Card>
  );
}
