import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { App, Button, Card, DatePicker, Form, Input, Modal, Popconfirm, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { CopyOutlined, DeleteOutlined, LeftOutlined, PlusOutlined, RightOutlined, SwapOutlined, FileDoneOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { DUTY_KINDS, type DutyKind, type DutyShift } from '../../../../contracts/safetyGate';
import { useI18n } from '../../../app/i18n';
import { useCan } from '../../../app/auth';
import { PageHeader } from '../../../components/PageHeader';
import { useIsPhone } from '../../../components/useIsPhone';
import { useAddShift, useCopyRoster, useDutyNow, useDutyPeople, useRemoveShift, useRoster } from '../../../api/gate';
import { hm } from './shared';

const KIND_COLORS: Record<DutyKind, string> = { leader: 'gold', gate: 'green', teacher: 'blue' };
const ORDER: DutyKind[] = ['leader', 'gate', 'teacher'];

function ShiftChip({ s, removable }: { s: DutyShift; removable: boolean }) {
  const { t } = useI18n();
  const remove = useRemoveShift();
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 4, padding: '2px 0' }} data-testid="duty-shift">
      <Typography.Text strong>{s.userName}</Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{hm(s.startsAt)}</Typography.Text>
      {removable && (
        <Popconfirm title={t('duty.roster.removeConfirm')} onConfirm={() => remove.mutate(s.id)} okText={t('duty.roster.remove')} cancelText={t('common.cancel')}>
          <Button type="text" size="small" icon={<DeleteOutlined />} aria-label={t('duty.roster.remove')} />
        </Popconfirm>
      )}
    </div>
  );
}

function AddShift({ open, onClose, week }: { open: boolean; onClose: () => void; week: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ kind: DutyKind; date: Dayjs; userId: number; note?: string }>();
  const people = useDutyPeople(open);
  const add = useAddShift();
  return (
    <Modal open={open} title={t('duty.roster.add')} onCancel={onClose} okText={t('common.save')} confirmLoading={add.isPending} onOk={() => form.submit()} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ kind: 'gate', date: dayjs(week) }} onFinish={async (v) => {
        try {
          await add.mutateAsync({ kind: v.kind, date: v.date.format('YYYY-MM-DD'), userId: v.userId, note: v.note || null });
          message.success(t('common.saved'));
          onClose();
        } catch (e) { message.error((e as Error).message); }
      }}>
        <Form.Item name="kind" label={t('duty.roster.kind')}><Segmented block options={DUTY_KINDS.map((k) => ({ value: k, label: t(`duty.kindShort.${k}`) }))} /></Form.Item>
        <Form.Item name="date" label={t('duty.roster.date')} rules={[{ required: true }]}><DatePicker size="large" style={{ width: '100%' }} inputReadOnly /></Form.Item>
        <Form.Item name="userId" label={t('duty.roster.person')} rules={[{ required: true }]}>
          <Select size="large" showSearch optionFilterProp="label" options={(people.data ?? []).map((p) => ({ value: p.id, label: p.name }))} data-testid="duty-person" />
        </Form.Item>
        <Form.Item name="note" label={t('duty.roster.note')}><Input maxLength={200} /></Form.Item>
      </Form>
    </Modal>
  );
}

/** 值班表: the week's gate (24 h), teachers on duty and leaders on duty; who is on duty now. */
export default function DutyPage() {
  const { t } = useI18n();
  const can = useCan();
  const phone = useIsPhone();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const week = dayjs(params.get('week') ?? undefined).isValid() ? dayjs(params.get('week') ?? undefined) : dayjs();
  const monday = week.subtract((week.day() + 6) % 7, 'day');
  const roster = useRoster({ week: monday.format('YYYY-MM-DD') });
  const now = useDutyNow();
  const copy = useCopyRoster();
  const [adding, setAdding] = useState(false);
  const manager = can('duty.roster.write');
  const days = roster.data?.days ?? Array.from({ length: 7 }, (_, i) => monday.add(i, 'day').format('YYYY-MM-DD'));
  const shifts = roster.data?.shifts ?? [];
  const cell = (date: string, kind: DutyKind) => shifts.filter((s) => s.date === date && s.kind === kind);
  const go = (d: Dayjs) => setParams({ week: d.format('YYYY-MM-DD') }, { replace: true });
  const today = dayjs().format('YYYY-MM-DD');
  const dayLabel = (d: string) => `${dayjs(d).format('MM-DD')} ${t(`duty.weekday.${dayjs(d).day()}`)}`;

  return (
    <div data-testid="page-duty">
      <PageHeader title={t('duty.roster.title')} extra={<>
        <Link to="/safety/duty/handovers"><Button icon={<FileDoneOutlined />}>{t('duty.roster.handovers')}</Button></Link>
        <Link to="/safety/duty/swaps"><Button icon={<SwapOutlined />}>{t('duty.roster.swaps')}</Button></Link>
      </>} />
      <Card size="small" title={t('duty.roster.now')} style={{ marginBottom: 12 }} data-testid="duty-now">
        {(now.data?.now ?? []).length ? (
          <Space wrap size={[12, 6]}>
            {now.data!.now.map((s) => (
              <span key={s.id}><Tag color={KIND_COLORS[s.kind]}>{t(`duty.kindShort.${s.kind}`)}</Tag><strong>{s.userName}</strong>{s.userPhone && <> <a href={`tel:${s.userPhone}`}>{s.userPhone}</a></>}</span>
            ))}
          </Space>
        ) : <Typography.Text type="secondary">{t('gate.home.nobodyOnDuty')}</Typography.Text>}
      </Card>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12, alignItems: 'center' }}>
        <Space.Compact>
          <Button size="large" icon={<LeftOutlined />} onClick={() => go(monday.subtract(7, 'day'))} aria-label={t('duty.roster.prevWeek')} data-testid="duty-prev" />
          <Button size="large" onClick={() => go(dayjs())}>{t('duty.roster.thisWeek')}</Button>
          <Button size="large" icon={<RightOutlined />} onClick={() => go(monday.add(7, 'day'))} aria-label={t('duty.roster.nextWeek')} data-testid="duty-next" />
        </Space.Compact>
        <Typography.Text strong>{monday.format('YYYY-MM-DD')} – {monday.add(6, 'day').format('MM-DD')}</Typography.Text>
        {manager && <>
          <Button size="large" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="duty-add">{t('duty.roster.add')}</Button>
          <Button size="large" icon={<CopyOutlined />} loading={copy.isPending} data-testid="duty-copy"
            onClick={async () => { try { message.success(t('duty.roster.copied', await copy.mutateAsync({ fromWeek: monday.subtract(7, 'day').format('YYYY-MM-DD'), toWeek: monday.format('YYYY-MM-DD') }))); } catch (e) { message.error((e as Error).message); } }}>
            {t('duty.roster.copyLast')}
          </Button>
        </>}
      </div>
      {phone ? (
        <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="duty-cards">
          {days.map((d) => (
            <Card key={d} size="small" title={<span>{dayLabel(d)} {d === today && <Tag color="red">{t('duty.roster.todayTag')}</Tag>}</span>}>
              {ORDER.map((k) => cell(d, k).length ? (
                <div key={k} style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
                  <Tag color={KIND_COLORS[k]} style={{ marginTop: 4 }}>{t(`duty.kindShort.${k}`)}</Tag>
                  <div>{cell(d, k).map((s) => <ShiftChip key={s.id} s={s} removable={manager} />)}</div>
                </div>
              ) : null)}
              {!shifts.some((s) => s.date === d) && <Typography.Text type="secondary">—</Typography.Text>}
            </Card>
          ))}
        </Space>
      ) : (
        <Table<{ kind: DutyKind }> size="small" bordered pagination={false} rowKey="kind" loading={roster.isPending} data-testid="duty-grid"
          dataSource={ORDER.map((kind) => ({ kind }))}
          columns={[
            { key: 'kind', title: '', width: 90, render: (_, r) => <Tag color={KIND_COLORS[r.kind]}>{t(`duty.kind.${r.kind}`)}</Tag> },
            ...days.map((d) => ({
              key: d, title: <span style={{ color: d === today ? '#cf1322' : undefined }}>{dayLabel(d)}</span>,
              render: (_: unknown, r: { kind: DutyKind }) => cell(d, r.kind).map((s) => <ShiftChip key={s.id} s={s} removable={manager} />),
            })),
          ]} />
      )}
      {!roster.isPending && !shifts.length && <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>{t('duty.roster.empty')}</Typography.Paragraph>}
      <AddShift open={adding} onClose={() => setAdding(false)} week={monday.format('YYYY-MM-DD')} />
    </div>
  );
}
