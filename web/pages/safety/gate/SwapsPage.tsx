import { useMemo } from 'react';
import { App, Button, Card, Form, Input, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { DutyShift, Swap, SwapAction } from '../../../../contracts/safetyGate';
import { useI18n } from '../../../app/i18n';
import { useCan, useCurrentUser } from '../../../app/auth';
import { PageHeader } from '../../../components/PageHeader';
import { useDecideSwap, useDutyPeople, useRequestSwap, useRoster, useSwaps } from '../../../api/gate';
import { ListFrame, when } from './shared';

const STATE_COLORS = { pending: 'orange', approved: 'green', rejected: 'red', cancelled: 'default' } as const;

function useShiftLabel() {
  const { t } = useI18n();
  return (s: DutyShift) => `${dayjs(s.date).format('MM-DD')} ${t(`duty.kind.${s.kind}`)}`;
}

function SwapCard({ s }: { s: Swap }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const decide = useDecideSwap();
  const label = useShiftLabel();
  const act = async (action: SwapAction) => {
    try { await decide.mutateAsync({ id: s.id, action }); message.success(t(`duty.swap.state.${action === 'approve' ? 'approved' : action === 'reject' ? 'rejected' : 'cancelled'}`)); } catch (e) { message.error((e as Error).message); }
  };
  return (
    <Card size="small" data-testid="swap-card" title={<Space wrap size={6}><Tag color={STATE_COLORS[s.state]}>{t(`duty.swap.state.${s.state}`)}</Tag>{label(s.shift)}</Space>}
      extra={<Typography.Text type="secondary">{when(s.requestedAt)}</Typography.Text>}>
      <Typography.Paragraph style={{ marginBottom: 4 }}>
        {t('duty.swap.line', { requester: s.requesterName, shift: label(s.shift), with: s.withUserName })}{s.otherShift ? t('duty.swap.exchange', { shift: label(s.otherShift) }) : ''}
      </Typography.Paragraph>
      <Typography.Text type="secondary">{t('duty.swap.reason')}：{s.reason}</Typography.Text>
      {s.decidedByName && <div><Typography.Text type="secondary">{s.decidedByName} {when(s.decidedAt)}{s.decisionNote ? `：${s.decisionNote}` : ''}</Typography.Text></div>}
      {s.actions.length > 0 && (
        <Space style={{ marginTop: 8 }} wrap>
          {s.actions.includes('approve') && <Button type="primary" size="large" loading={decide.isPending} onClick={() => act('approve')} data-testid="swap-approve">{t('duty.swap.approve')}</Button>}
          {s.actions.includes('reject') && <Button danger size="large" loading={decide.isPending} onClick={() => act('reject')} data-testid="swap-reject">{t('duty.swap.reject')}</Button>}
          {s.actions.includes('cancel') && <Button size="large" loading={decide.isPending} onClick={() => act('cancel')} data-testid="swap-cancel">{t('duty.swap.cancel')}</Button>}
        </Space>
      )}
    </Card>
  );
}

/** 调班: ask someone to take a shift (or exchange), the director approves or rejects. */
export default function SwapsPage() {
  const { t } = useI18n();
  const can = useCan();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ shiftId: number; withUserId: number; otherShiftId?: number; reason: string }>();
  const request = useRequestSwap();
  const people = useDutyPeople();
  const thisWeek = useRoster({ week: dayjs().format('YYYY-MM-DD') });
  const nextWeek = useRoster({ week: dayjs().add(7, 'day').format('YYYY-MM-DD') });
  const label = useShiftLabel();
  const withUserId = Form.useWatch('withUserId', form);
  const upcoming = useMemo(() => [...(thisWeek.data?.shifts ?? []), ...(nextWeek.data?.shifts ?? [])].filter((s) => dayjs(s.startsAt).isAfter(dayjs())), [thisWeek.data, nextWeek.data]);
  const mine = upcoming.filter((s) => s.userId === me.id);
  const theirs = upcoming.filter((s) => s.userId === withUserId);
  const list = useSwaps({});
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div data-testid="page-swaps" style={{ maxWidth: 720, margin: '0 auto' }}>
      <PageHeader title={t('duty.swap.title')} />
      {can('duty.swaps.request') && (
        <Card size="small" title={t('duty.swap.request')} style={{ marginBottom: 12 }}>
          {mine.length ? (
            <Form form={form} layout="vertical" onFinish={async (v) => {
              try { await request.mutateAsync({ shiftId: v.shiftId, withUserId: v.withUserId, otherShiftId: v.otherShiftId ?? null, reason: v.reason }); form.resetFields(); message.success(t('common.saved')); } catch (e) { message.error((e as Error).message); }
            }}>
              <Form.Item name="shiftId" label={t('duty.swap.shift')} rules={[{ required: true }]}>
                <Select size="large" options={mine.map((s) => ({ value: s.id, label: label(s) }))} data-testid="swap-shift" />
              </Form.Item>
              <Form.Item name="withUserId" label={t('duty.swap.with')} rules={[{ required: true }]}>
                <Select size="large" showSearch optionFilterProp="label" options={(people.data ?? []).filter((p) => p.id !== me.id).map((p) => ({ value: p.id, label: p.name }))} />
              </Form.Item>
              {theirs.length > 0 && (
                <Form.Item name="otherShiftId" label={t('duty.swap.other')}>
                  <Select size="large" allowClear options={theirs.map((s) => ({ value: s.id, label: label(s) }))} />
                </Form.Item>
              )}
              <Form.Item name="reason" label={t('duty.swap.reason')} rules={[{ required: true, whitespace: true }]}><Input size="large" maxLength={300} /></Form.Item>
              <Button type="primary" htmlType="submit" size="large" block loading={request.isPending}>{t('duty.swap.submit')}</Button>
            </Form>
          ) : <Typography.Text type="secondary">{t('duty.swap.noShifts')}</Typography.Text>}
        </Card>
      )}
      <ListFrame q={list} count={items.length} empty={t('duty.swap.empty')}>
        <Space orientation="vertical" size={10} style={{ width: '100%' }}>{items.map((s) => <SwapCard key={s.id} s={s} />)}</Space>
      </ListFrame>
    </div>
  );
}
