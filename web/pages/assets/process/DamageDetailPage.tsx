import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Row, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import { ArrowLeftOutlined, DollarOutlined, FileDoneOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { APPROVAL_KINDS, type DamageDetail } from '../../../../contracts/assetsProcess';
import { ApiError } from '../../../api/client';
import { useDamage, useDamageAction } from '../../../api/assetsProcess';
import { useApprovalOfDocument } from '../../../api/approvals';
import { useCurrentUser } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PhotoGallery } from '../../../components/files/PhotoGallery';
import { useIsPhone } from '../../../components/useIsPhone';
import { ApprovalPanel } from '../../approvals/ApprovalPanel';
import { DamageTag, LoadError, PartySelect, ProcessTimeline, fmtTime, toFen, yuan } from './shared';

type Dialog = 'pay' | 'waive' | 'cancel' | null;

function ActionDialog({ d, dialog, onClose }: { d: DamageDetail; dialog: Dialog; onClose: () => void }) {
  const { t } = useI18n();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const act = useDamageAction();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  if (!dialog) return null;
  const submit = async (v: Record<string, unknown>) => {
    setError(null);
    try {
      if (dialog === 'pay') {
        await act.mutateAsync({ id: d.id, action: 'payments', body: {
          amountFen: toFen(v.amount as number), paidOn: (v.paidOn as dayjs.Dayjs).format('YYYY-MM-DD'), receiptNo: v.receiptNo,
          receivedById: v.receivedById, payerName: v.payerName || null, note: v.note || null,
        } });
        message.success(t('damage.detail.paySaved'));
      } else if (dialog === 'waive') {
        await act.mutateAsync({ id: d.id, action: 'waiver', body: { amountFen: toFen(v.amount as number), reason: v.reason } });
        message.success(t('damage.detail.waiveSaved'));
      } else {
        await act.mutateAsync({ id: d.id, action: 'cancel', body: { reason: v.reason } });
        message.success(t('common.saved'));
      }
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) {
        const names: Record<string, string> = { amountFen: 'amount' };
        form.setFields(e.fields.map((f) => ({ name: names[f.path] ?? f.path, errors: [f.message] })));
      }
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const title = t(dialog === 'pay' ? 'damage.detail.pay' : dialog === 'waive' ? 'damage.detail.waive' : 'damage.detail.cancel');
  return (
    <Modal open title={title} onCancel={onClose} onOk={() => form.submit()} confirmLoading={act.isPending} destroyOnHidden okText={title}
      okButtonProps={{ danger: dialog === 'cancel', 'data-testid': `damage-${dialog}-ok` } as ButtonProps}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional"
        initialValues={dialog === 'pay' ? { amount: d.outstandingFen / 100, paidOn: dayjs(), receivedById: me.id } : dialog === 'waive' ? { amount: 0 } : {}}>
        {dialog === 'pay' && (
          <>
            <Row gutter={12}>
              <Col span={12}><Form.Item name="amount" label={t('damage.detail.payAmount')} rules={[{ required: true }]}><InputNumber min={0.01} max={d.outstandingFen / 100} precision={2} style={{ width: '100%' }} data-testid="pay-amount" /></Form.Item></Col>
              <Col span={12}><Form.Item name="paidOn" label={t('damage.detail.paidOn')} rules={[{ required: true }]}><DatePicker style={{ width: '100%' }} /></Form.Item></Col>
            </Row>
            <Form.Item name="receiptNo" label={t('damage.detail.receiptNo')} rules={[{ required: true, whitespace: true, max: 40 }]}><Input data-testid="pay-receipt" /></Form.Item>
            <Form.Item name="receivedById" label={t('damage.detail.receivedBy')} rules={[{ required: true }]}>
              <PartySelect source="staff" initial={[{ id: me.id, name: me.name, detail: null }]} />
            </Form.Item>
            <Form.Item name="payerName" label={t('damage.detail.payerName')} rules={[{ max: 60 }]}><Input /></Form.Item>
            <Form.Item name="note" label={t('damage.detail.payNote')} rules={[{ max: 500 }]}><Input /></Form.Item>
          </>
        )}
        {dialog === 'waive' && (
          <>
            <Form.Item name="amount" label={t('damage.detail.waiveAmount')} rules={[{ required: true }]} extra={`${t('damage.detail.amount')} ¥${yuan(d.amountFen)}`}>
              <InputNumber min={d.paidFen / 100} max={d.amountFen / 100} precision={2} style={{ width: '100%' }} data-testid="waive-amount" />
            </Form.Item>
            <Form.Item name="reason" label={t('damage.detail.waiveReason')} rules={[{ required: true, whitespace: true, max: 1000 }]}><Input.TextArea rows={3} data-testid="waive-reason" /></Form.Item>
          </>
        )}
        {dialog === 'cancel' && (
          <Form.Item name="reason" label={t('damage.detail.cancelReason')} rules={[{ required: true, whitespace: true, max: 500 }]}><Input.TextArea rows={2} /></Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** One damage report: what, who, the amount and how it was computed, payments, the waiver's approval, the timeline. */
export default function DamageDetailPage() {
  const { t } = useI18n();
  const phone = useIsPhone();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { id } = useParams();
  const n = Number(id);
  const q = useDamage(Number.isInteger(n) && n > 0 ? n : null);
  const act = useDamageAction();
  const [dialog, setDialog] = useState<Dialog>(null);
  const d = q.data;
  // A decision in the approval panel changes the report (its hook applies the waiver): read it again.
  const approval = useApprovalOfDocument(APPROVAL_KINDS.damageWaiver, d?.waiver?.id ?? null);
  const { refetch } = q;
  useEffect(() => { if (approval.dataUpdatedAt) void refetch(); }, [approval.dataUpdatedAt, refetch]);

  if (q.isError && q.error instanceof ApiError && q.error.status === 404) return <Alert type="warning" showIcon title={t('detail.notFound')} />;
  if (q.isError) return <LoadError error={q.error} retry={() => q.refetch()} />;
  if (!d) return <Skeleton active />;
  const size = phone ? 'large' : 'middle';
  const r = d.rule;
  return (
    <div data-testid="page-damage-detail">
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, marginBottom: 12 }}>
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/assets/damage'))} aria-label={t('common.back')} />
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="page-title">{d.code}</Typography.Title>
        <DamageTag state={d.state} />
        {d.flagged && <Tag color="error" data-testid="damage-flag">{t('damage.detail.flagged')}</Tag>}
      </div>
      {d.actions.length > 0 && <Space wrap style={{ marginBottom: 12 }} data-testid="damage-actions">
        {d.actions.includes('pay') && <Button type="primary" size={size} icon={<DollarOutlined />} onClick={() => setDialog('pay')} data-testid="damage-pay">{t('damage.detail.pay')}</Button>}
        {d.actions.includes('waive') && <Button size={size} icon={<FileDoneOutlined />} onClick={() => setDialog('waive')} data-testid="damage-waive">{t('damage.detail.waive')}</Button>}
        {d.waiver?.state === 'returned' && d.actions.includes('waive') && (
          <Button size={size} icon={<UndoOutlined />} loading={act.isPending} data-testid="damage-waiver-withdraw"
            onClick={async () => { try { await act.mutateAsync({ id: d.id, action: 'waiver/withdraw' }); } catch (e) { message.error((e as Error).message); } }}>{t('damage.detail.waiverWithdraw')}</Button>
        )}
        {d.actions.includes('cancel') && <Button size={size} danger icon={<StopOutlined />} onClick={() => setDialog('cancel')} data-testid="damage-cancel">{t('damage.detail.cancel')}</Button>}
      </Space>}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Card size="small">
            <Row gutter={[8, 8]}>
              <Col xs={12} sm={6}><Statistic title={t('damage.detail.amount')} prefix="¥" value={yuan(d.amountFen)} data-testid="damage-amount" /></Col>
              <Col xs={12} sm={6}><Statistic title={t('damage.detail.computed')} prefix="¥" value={yuan(d.computedFen)} /></Col>
              <Col xs={12} sm={6}><Statistic title={t('damage.detail.paid')} prefix="¥" value={yuan(d.paidFen)} /></Col>
              <Col xs={12} sm={6}><Statistic title={t('damage.detail.outstanding')} prefix="¥" value={yuan(d.outstandingFen)} styles={{ content: { color: d.outstandingFen ? '#cf1322' : undefined } }} /></Col>
            </Row>
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 13 }} data-testid="damage-rule">
              {t('damage.detail.rule')}：{t('damage.detail.ruleText', {
                kind: r.deliberate ? t('damage.form.deliberateYes') : t('damage.form.deliberateNo'),
                baseKind: t(r.baseKind === 'net' ? 'damage.detail.baseNet' : 'damage.detail.baseOriginal'), base: yuan(r.baseFen), percent: r.percent,
              })}{r.cardQuantity > 1 ? t('damage.detail.perUnits', { quantity: r.quantity, cardQuantity: r.cardQuantity }) : ''}
            </Typography.Paragraph>
          </Card>
          <Card size="small" style={{ marginTop: 16 }}>
            <Descriptions column={phone ? 1 : 2} size="small" items={[
              { key: 'asset', label: t('damage.form.asset'), children: <Link to={`/assets/${d.assetId}`}>{d.assetCode} {d.assetName}</Link>, span: 'filled' as const },
              ...(d.quantity > 1 || r.cardQuantity > 1 ? [{ key: 'q', label: t('damage.form.quantity'), children: d.quantity }] : []),
              { key: 'party', label: t('damage.detail.party'), children: <Space size={4} wrap>{t(`damage.responsible.${d.responsibleType}`)}{d.responsibleName ? `：${d.responsibleName}` : ''}{d.boarder && <Tag>{t('damage.list.boarder')}</Tag>}</Space> },
              { key: 'kind', label: t('damage.form.deliberate'), children: d.deliberate ? t('damage.form.deliberateYes') : t('damage.form.deliberateNo') },
              { key: 'finder', label: t('damage.detail.finder'), children: `${d.foundByName ?? '—'} · ${d.foundOn}` },
              { key: 'reporter', label: t('damage.detail.reporter'), children: `${d.reportedByName ?? '—'} · ${fmtTime(d.createdAt)}` },
              { key: 'desc', label: t('damage.form.description'), children: <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{d.description}</span>, span: 'filled' as const },
            ]} />
            {d.photos.length > 0 && <div style={{ marginTop: 8 }}><PhotoGallery files={d.photos} /></div>}
          </Card>
          <Card size="small" title={t('damage.detail.payments')} style={{ marginTop: 16 }}>
            {!d.payments.length ? <Typography.Text type="secondary">{t('damage.detail.noPayments')}</Typography.Text> : (
              <Table rowKey="id" size="small" pagination={false} dataSource={d.payments} data-testid="damage-payments" scroll={{ x: 480 }}
                columns={[
                  { key: 'on', title: t('damage.payments.col.paidOn'), dataIndex: 'paidOn', width: 110 },
                  { key: 'amount', title: t('damage.payments.col.amount'), align: 'right', render: (_, p) => yuan(p.amountFen), width: 110 },
                  { key: 'receipt', title: t('damage.payments.col.receiptNo'), dataIndex: 'receiptNo' },
                  { key: 'by', title: t('damage.payments.col.receivedBy'), dataIndex: 'receivedByName' },
                  { key: 'payer', title: t('damage.payments.col.payer'), render: (_, p) => p.payerName ?? '—' },
                ]} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          {d.waiver && (
            <div style={{ marginBottom: 16 }}>
              <Card size="small" title={t('damage.detail.waivers')} style={{ marginBottom: 12 }}>
                {d.waivers.map((w) => (
                  <div key={w.id} style={{ marginBottom: 6 }} data-testid="damage-waiver">
                    <Space wrap size={4}><Tag>{t(`damage.waiverState.${w.state}`)}</Tag>¥{yuan(w.fromFen)} → ¥{yuan(w.proposedFen)}</Space>
                    <div style={{ fontSize: 12, color: '#8c8c8c', overflowWrap: 'anywhere' }}>{w.reason} · {w.createdByName} {fmtTime(w.createdAt)}</div>
                  </div>
                ))}
              </Card>
              <ApprovalPanel kind={APPROVAL_KINDS.damageWaiver} documentId={d.waiver.id} />
            </div>
          )}
          <Card size="small" title={t('damage.detail.timeline')}>
            <ProcessTimeline events={d.events} ns="damage" />
          </Card>
        </Col>
      </Row>
      <ActionDialog d={d} dialog={dialog} onClose={() => setDialog(null)} />
    </div>
  );
}
