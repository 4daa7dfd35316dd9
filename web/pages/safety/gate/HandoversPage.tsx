import { useState } from 'react';
import { App, Button, Card, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { DUTY_KINDS, type DutyKind, type Handover } from '../../../../contracts/safetyGate';
import { useI18n } from '../../../app/i18n';
import { useCan, useCurrentUser } from '../../../app/auth';
import { PageHeader } from '../../../components/PageHeader';
import { useConfirmHandover, useDutyPeople, useHandovers, useWriteHandover } from '../../../api/gate';
import { ListFrame, when } from './shared';

function HandoverCard({ h }: { h: Handover }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const confirm = useConfirmHandover();
  const [note, setNote] = useState('');
  return (
    <Card size="small" data-testid="handover-card"
      title={<Space wrap size={6}><Tag color={h.state === 'open' ? 'orange' : 'green'}>{t(`duty.handover.${h.state}`)}</Tag><span>{t(`duty.kind.${h.kind}`)}</span></Space>}
      extra={<Typography.Text type="secondary">{when(h.writtenAt)}</Typography.Text>}>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 6 }}>{h.note}</Typography.Paragraph>
      <Typography.Text type="secondary">{t('duty.handover.by', { name: h.fromUserName })}{h.toUserName ? ` → ${h.toUserName}` : ''}</Typography.Text>
      {h.state === 'confirmed' && (
        <div><Typography.Text type="secondary">{t('duty.handover.confirmedBy', { name: h.confirmedByName ?? '', at: when(h.confirmedAt) })}{h.confirmNote ? `：${h.confirmNote}` : ''}</Typography.Text></div>
      )}
      {h.canConfirm && (
        <div style={{ display: 'flex', gap: 8, marginTop: 8 }}>
          <Input size="large" value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('duty.handover.confirmNote')} maxLength={500} />
          <Button type="primary" size="large" icon={<CheckOutlined />} loading={confirm.isPending} data-testid="handover-confirm"
            onClick={async () => { try { await confirm.mutateAsync({ id: h.id, note }); message.success(t('duty.handover.confirmed')); } catch (e) { message.error((e as Error).message); } }}>
            {t('duty.handover.confirm')}
          </Button>
        </div>
      )}
    </Card>
  );
}

/** 交接班: the outgoing person writes what the next must know; the incoming one confirms. */
export default function HandoversPage() {
  const { t } = useI18n();
  const can = useCan();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ kind: DutyKind; note: string; toUserId?: number }>();
  const write = useWriteHandover();
  const people = useDutyPeople();
  const list = useHandovers({});
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div data-testid="page-handovers" style={{ maxWidth: 720, margin: '0 auto' }}>
      <PageHeader title={t('duty.handover.title')} />
      {can('duty.handover.write') && (
        <Card size="small" title={t('duty.handover.write')} style={{ marginBottom: 12 }}>
          <Form form={form} layout="vertical" initialValues={{ kind: 'gate' }} onFinish={async (v) => {
            try { await write.mutateAsync({ kind: v.kind, note: v.note, toUserId: v.toUserId ?? null }); form.resetFields(); message.success(t('common.saved')); } catch (e) { message.error((e as Error).message); }
          }}>
            <Form.Item name="kind"><Select size="large" options={DUTY_KINDS.map((k) => ({ value: k, label: t(`duty.kind.${k}`) }))} /></Form.Item>
            <Form.Item name="note" rules={[{ required: true, whitespace: true, message: t('duty.handover.note') }]}>
              <Input.TextArea rows={4} maxLength={2000} showCount placeholder={t('duty.handover.notePlaceholder')} data-testid="handover-note" />
            </Form.Item>
            <Form.Item name="toUserId" label={t('duty.handover.to')}>
              <Select size="large" allowClear showSearch optionFilterProp="label" options={(people.data ?? []).filter((p) => p.id !== me.id).map((p) => ({ value: p.id, label: p.name }))} />
            </Form.Item>
            <Button type="primary" htmlType="submit" size="large" block loading={write.isPending} data-testid="handover-submit">{t('duty.handover.submit')}</Button>
          </Form>
        </Card>
      )}
      <ListFrame q={list} count={items.length} empty={t('duty.handover.empty')}>
        <Space orientation="vertical" size={10} style={{ width: '100%' }}>{items.map((h) => <HandoverCard key={h.id} h={h} />)}</Space>
      </ListFrame>
    </div>
  );
}
