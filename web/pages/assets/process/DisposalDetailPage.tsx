import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Radio, Row, Skeleton, Space, Table, Typography } from 'antd';
import { ArrowLeftOutlined, CheckOutlined, EditOutlined, SendOutlined, UndoOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { APPROVAL_KINDS, DISPOSAL_WAYS, type DisposalDetail, type DisposalWay } from '../../../../contracts/assetsProcess';
import { ApiError } from '../../../api/client';
import { useDisposal, useDisposalAction } from '../../../api/assetsProcess';
import { useApprovalOfDocument } from '../../../api/approvals';
import { useI18n } from '../../../app/i18n';
import { PhotoGallery } from '../../../components/files/PhotoGallery';
import { PhotoUpload } from '../../../components/files/PhotoUpload';
import { useIsPhone } from '../../../components/useIsPhone';
import { ApprovalPanel } from '../../approvals/ApprovalPanel';
import { AssetPicker, DisposalTag, LoadError, ProcessTimeline, fmtTime, toFen, yuan } from './shared';

/** Carrying out an approved request: date, recipient or buyer, proceeds, note, attachments. */
function CarryOutForm({ d }: { d: DisposalDetail }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const { message } = App.useApp();
  const act = useDisposalAction();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: { date: dayjs.Dayjs; recipient: string; proceeds?: number; note?: string; attachmentIds?: string[] }) => {
    setError(null);
    try {
      await act.mutateAsync({ id: d.id, action: 'carry-out', body: {
        date: v.date.format('YYYY-MM-DD'), recipient: v.recipient, proceedsFen: toFen(v.proceeds ?? 0), note: v.note || null, attachmentIds: v.attachmentIds ?? [],
      } });
      message.success(t('disposal.detail.carriedSaved'));
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) form.setFields(e.fields.map((f) => ({ name: f.path === 'proceedsFen' ? 'proceeds' : f.path, errors: [f.message] })));
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Card size="small" title={t('disposal.detail.carryOut')} style={{ marginBottom: 16 }} data-testid="disposal-carry-form">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional" initialValues={{ date: dayjs(), proceeds: 0, attachmentIds: [] }}>
        <Row gutter={12}>
          <Col xs={24} sm={12}><Form.Item name="date" label={t('disposal.detail.date')} rules={[{ required: true }]}><DatePicker size="large" style={{ width: '100%' }} inputReadOnly={phone} /></Form.Item></Col>
          <Col xs={24} sm={12}><Form.Item name="proceeds" label={t('disposal.detail.proceeds')}><InputNumber size="large" min={0} precision={2} style={{ width: '100%' }} /></Form.Item></Col>
        </Row>
        <Form.Item name="recipient" label={t('disposal.detail.recipient')} rules={[{ required: true, whitespace: true, max: 200 }]}><Input size="large" data-testid="carry-recipient" /></Form.Item>
        <Form.Item name="note" label={t('disposal.detail.note')} rules={[{ max: 1000 }]}><Input.TextArea rows={2} /></Form.Item>
        <Form.Item name="attachmentIds" label={t('disposal.detail.attachments')}><PhotoUpload max={10} allowPdf /></Form.Item>
        <Button type="primary" size="large" htmlType="submit" icon={<CheckOutlined />} loading={act.isPending} block={phone} data-testid="carry-submit">{t('disposal.detail.carryOut')}</Button>
      </Form>
    </Card>
  );
}

/** A returned request: change assets, way or reason (then submit it again). */
function EditModal({ d, open, onClose }: { d: DisposalDetail; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const act = useDisposalAction();
  const [form] = Form.useForm<{ assetIds: number[]; way: DisposalWay; reason: string }>();
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal open={open} title={t('disposal.detail.edit')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={act.isPending} destroyOnHidden width={600}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ assetIds: d.items.map((i) => i.assetId), way: d.way, reason: d.reason }}
        onFinish={async (v) => {
          setError(null);
          try { await act.mutateAsync({ id: d.id, action: 'edit', body: { ...v, version: d.version } }); message.success(t('common.saved')); onClose(); } catch (e) { setError((e as Error).message); }
        }}>
        <Form.Item name="assetIds" label={t('disposal.form.assets')} rules={[{ required: true, type: 'array', min: 1 }]}>
          <AssetPicker multiple exclude={['disposed']} />
        </Form.Item>
        <Form.Item name="way" label={t('disposal.form.way')}><Radio.Group optionType="button" options={DISPOSAL_WAYS.map((w) => ({ value: w, label: t(`disposal.way.${w}`) }))} /></Form.Item>
        <Form.Item name="reason" label={t('disposal.form.reason')} rules={[{ required: true, whitespace: true, max: 2000 }]}><Input.TextArea rows={3} /></Form.Item>
      </Form>
    </Modal>
  );
}

/** One disposal request: the assets and their values, the approval, carrying it out, the timeline. */
export default function DisposalDetailPage() {
  const { t } = useI18n();
  const phone = useIsPhone();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const { id } = useParams();
  const n = Number(id);
  const valid = Number.isInteger(n) && n > 0;
  const q = useDisposal(valid ? n : null);
  const act = useDisposalAction();
  const [editOpen, setEditOpen] = useState(false);
  // A decision in the approval panel changes the request (the engine's hook): read it again.
  const approval = useApprovalOfDocument(APPROVAL_KINDS.disposal, valid ? n : null);
  const { refetch } = q;
  useEffect(() => { if (approval.dataUpdatedAt) void refetch(); }, [approval.dataUpdatedAt, refetch]);

  if (q.isError && q.error instanceof ApiError && q.error.status === 404) return <Alert type="warning" showIcon title={t('detail.notFound')} />;
  if (q.isError) return <LoadError error={q.error} retry={() => q.refetch()} />;
  const d = q.data;
  if (!d) return <Skeleton active />;
  const size = phone ? 'large' : 'middle';
  const withdraw = () => {
    let reason = '';
    modal.confirm({
      title: t('disposal.detail.withdraw'),
      content: <Input.TextArea rows={2} placeholder={t('disposal.detail.withdrawReason')} onChange={(e) => { reason = e.target.value; }} />,
      onOk: async () => {
        if (!reason.trim()) { message.error(t('disposal.detail.withdrawReason')); throw new Error('reason'); }
        await act.mutateAsync({ id: d.id, action: 'withdraw', body: { reason } });
      },
    });
  };
  return (
    <div data-testid="page-disposal-detail">
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, marginBottom: 12 }}>
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/assets/disposals'))} aria-label={t('common.back')} />
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="page-title">{d.code}</Typography.Title>
        <DisposalTag state={d.state} />
        <Typography.Text type="secondary">{t(`disposal.way.${d.way}`)}</Typography.Text>
      </div>
      {(d.actions.includes('edit') || d.actions.includes('resubmit') || d.actions.includes('withdraw')) && (
        <Space wrap style={{ marginBottom: 12 }}>
          {d.actions.includes('edit') && <Button size={size} icon={<EditOutlined />} onClick={() => setEditOpen(true)} data-testid="disposal-edit">{t('disposal.detail.edit')}</Button>}
          {d.actions.includes('resubmit') && <Button type="primary" size={size} icon={<SendOutlined />} loading={act.isPending} data-testid="disposal-resubmit"
            onClick={async () => { try { await act.mutateAsync({ id: d.id, action: 'resubmit' }); message.success(t('common.saved')); } catch (e) { message.error((e as Error).message); } }}>{t('disposal.detail.resubmit')}</Button>}
          {d.actions.includes('withdraw') && <Button size={size} danger icon={<UndoOutlined />} onClick={withdraw} data-testid="disposal-withdraw">{t('disposal.detail.withdraw')}</Button>}
        </Space>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          {d.actions.includes('carryOut') && <CarryOutForm d={d} />}
          <Card size="small">
            <Descriptions column={phone ? 1 : 2} size="small" items={[
              { key: 'reason', label: t('disposal.form.reason'), children: <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{d.reason}</span>, span: 'filled' as const },
              { key: 'original', label: t('disposal.detail.original'), children: `¥${yuan(d.totalOriginalFen)}` },
              { key: 'net', label: t('disposal.detail.net'), children: `¥${yuan(d.totalNetFen)}` },
              { key: 'by', label: t('disposal.detail.applicant'), children: `${d.createdByName ?? '—'} · ${fmtTime(d.submittedAt ?? d.createdAt)}` },
              ...(d.stocktakeId ? [{ key: 'st', label: t('stocktake.menu.list'), children: <Link to={`/assets/stocktakes/${d.stocktakeId}`}>{t('disposal.detail.openStocktake')}</Link> }] : []),
            ]} />
            {d.attachments.length > 0 && <div style={{ marginTop: 8 }}><PhotoGallery files={d.attachments} /></div>}
          </Card>
          {d.state === 'done' && (
            <Card size="small" title={t('disposal.detail.carried')} style={{ marginTop: 16 }} data-testid="disposal-carried">
              <Descriptions column={phone ? 1 : 2} size="small" items={[
                { key: 'date', label: t('disposal.detail.date'), children: d.carriedOutOn },
                { key: 'recipient', label: t('disposal.detail.recipient'), children: d.recipient },
                { key: 'proceeds', label: t('disposal.detail.proceeds'), children: yuan(d.proceedsFen) },
                { key: 'by', label: t('disposal.detail.doneBy'), children: `${d.doneByName ?? '—'} · ${fmtTime(d.doneAt)}` },
                ...(d.carryNote ? [{ key: 'note', label: t('disposal.detail.note'), children: d.carryNote, span: 'filled' as const }] : []),
              ]} />
              {d.carryAttachments.length > 0 && <div style={{ marginTop: 8 }}><PhotoGallery files={d.carryAttachments} /></div>}
            </Card>
          )}
          <Card size="small" title={`${t('disposal.detail.items')}（${d.items.length}）`} style={{ marginTop: 16 }}>
            <Table rowKey="assetId" size="small" dataSource={d.items} pagination={d.items.length > 20 ? { pageSize: 20 } : false} scroll={{ x: 560 }} data-testid="disposal-items"
              columns={[
                { key: 'code', title: t('stocktake.report.col.code'), render: (_, i) => <Link to={`/assets/${i.assetId}`}>{i.code}</Link> },
                { key: 'name', title: t('stocktake.report.col.name'), dataIndex: 'name' },
                { key: 'original', title: t('disposal.detail.original'), align: 'right', render: (_, i) => yuan(i.originalValueFen) },
                { key: 'net', title: t('disposal.detail.net'), align: 'right', render: (_, i) => yuan(i.netValueFen) },
                { key: 'prev', title: t('disposal.detail.previousStatus'), render: (_, i) => t(`disposal.assetStatus.${i.previousStatus}`) },
              ]} />
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <div style={{ marginBottom: 16 }}><ApprovalPanel kind={APPROVAL_KINDS.disposal} documentId={d.id} /></div>
          <Card size="small" title={t('disposal.detail.timeline')}>
            <ProcessTimeline events={d.events} ns="disposal" />
          </Card>
        </Col>
      </Row>
      <EditModal d={d} open={editOpen} onClose={() => setEditOpen(false)} />
    </div>
  );
}
