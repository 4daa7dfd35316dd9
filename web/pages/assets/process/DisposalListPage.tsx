import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, App, Button, Card, Drawer, Empty, Form, Input, Radio, Segmented, Skeleton, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { DISPOSAL_STATES, DISPOSAL_WAYS, type Disposal, type DisposalWay } from '../../../../contracts/assetsProcess';
import { ApiError, download } from '../../../api/client';
import { useCreateDisposal, useDisposalList } from '../../../api/assetsProcess';
import { useCan } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { PhotoUpload } from '../../../components/files/PhotoUpload';
import { useIsPhone } from '../../../components/useIsPhone';
import { AssetPicker, DisposalTag, LoadError, LoadMore, PROCESS_ACTIONS, yuan, type AssetOption } from './shared';

interface DisposalValues { assetIds: number[]; way: DisposalWay; reason: string; attachmentIds: string[] }

/** A disposal request: assets, the way, the reason, attachments; it goes to approval at once. */
export function DisposalDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const create = useCreateDisposal();
  const [form] = Form.useForm<DisposalValues>();
  const [picked, setPicked] = useState<AssetOption[]>([]);
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: DisposalValues) => {
    setError(null);
    try {
      const d = await create.mutateAsync({ assetIds: v.assetIds, way: v.way, reason: v.reason, attachmentIds: v.attachmentIds ?? [] });
      message.success(t('disposal.form.created'));
      form.resetFields();
      setPicked([]);
      onClose();
      navigate(`/assets/disposals/${d.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) form.setFields(e.fields.map((f) => ({ name: f.path.split('.')[0] as keyof DisposalValues, errors: [f.message] })));
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const original = picked.reduce((a, x) => a + x.originalValueFen, 0);
  const net = picked.reduce((a, x) => a + x.netValueFen, 0);
  return (
    <Drawer open={open} onClose={onClose} title={t('disposal.form.title')} size={phone ? '100%' : 560} destroyOnHidden
      footer={<Space style={{ width: '100%', justifyContent: 'flex-end' }}><Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button type="primary" size="large" loading={create.isPending} onClick={() => form.submit()} data-testid="disposal-submit">{t('disposal.form.submit')}</Button></Space>}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional" initialValues={{ way: 'scrap', assetIds: [], attachmentIds: [] }}>
        <Form.Item name="assetIds" label={t('disposal.form.assets')} rules={[{ required: true, type: 'array', min: 1 }]}
          extra={picked.length ? t('disposal.form.totals', { count: picked.length, original: yuan(original), net: yuan(net) }) : undefined}>
          <AssetPicker multiple placeholder={t('disposal.form.assetsPlaceholder')} testId="disposal-assets" exclude={['disposed', 'pending_disposal']} onPicked={setPicked} />
        </Form.Item>
        <Form.Item name="way" label={t('disposal.form.way')}>
          <Radio.Group optionType="button" buttonStyle="solid" size="large" options={DISPOSAL_WAYS.map((w) => ({ value: w, label: t(`disposal.way.${w}`) }))} />
        </Form.Item>
        <Form.Item name="reason" label={t('disposal.form.reason')} rules={[{ required: true, whitespace: true, max: 2000 }]}>
          <Input.TextArea rows={3} placeholder={t('disposal.form.reasonPlaceholder')} data-testid="disposal-reason" />
        </Form.Item>
        <Form.Item name="attachmentIds" label={t('disposal.form.attachments')}><PhotoUpload max={10} allowPdf camera={false} /></Form.Item>
      </Form>
    </Drawer>
  );
}

/** 报废处置: requests, their approval, what was carried out. */
export default function DisposalListPage() {
  const { t } = useI18n();
  const phone = useIsPhone();
  const can = useCan();
  const [state, setState] = useState('all');
  const [open, setOpen] = useState(false);
  const { message } = App.useApp();
  const list = useDisposalList(state === 'all' ? {} : { state });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const assets = (d: Disposal) => `${d.assetNames.join('、')}${d.assetCount > d.assetNames.length ? ` … ${t('disposal.list.assets', { count: d.assetCount })}` : ''}`;
  const step = (d: Disposal) => (d.state === 'pending' && d.approval?.stepRole ? <Tag>{t(`enums.role.${d.approval.stepRole}`)}</Tag> : null);
  const columns: TableColumnsType<Disposal> = [
    { key: 'code', title: t('disposal.detail.code'), width: 130, render: (_, d) => <Link to={`/assets/disposals/${d.id}`} data-testid="disposal-open">{d.code}</Link> },
    { key: 'way', title: t('disposal.form.way'), width: 80, render: (_, d) => t(`disposal.way.${d.way}`) },
    { key: 'assets', title: t('disposal.form.assets'), render: (_, d) => assets(d) },
    { key: 'total', title: t('disposal.detail.original'), width: 130, align: 'right', render: (_, d) => yuan(d.totalOriginalFen) },
    { key: 'state', title: t('common.status'), width: 160, render: (_, d) => <Space size={4}><DisposalTag state={d.state} />{step(d)}</Space> },
    { key: 'by', title: t('disposal.detail.applicant'), width: 100, render: (_, d) => d.createdByName ?? '—' },
    { key: 'at', title: t('disposal.detail.submittedAt'), width: 120, render: (_, d) => (d.submittedAt ?? d.createdAt).slice(0, 10) },
  ];
  return (
    <div data-testid="page-disposals">
      <PageHeader title={t('disposal.list.title')} extra={<>
        <Button size="large" icon={<DownloadOutlined />} data-testid="disposal-export"
          onClick={async () => { try { await download('/disposals/export', state === 'all' ? {} : { state }, 'disposals.xlsx'); } catch (e) { message.error((e as Error).message); } }}>{t('common.export')}</Button>
        {can(PROCESS_ACTIONS.disposalRequest) && <Button type="primary" size="large" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="disposal-new">{t('disposal.list.new')}</Button>}
      </>} />
      <div style={{ overflowX: 'auto', marginBottom: 12 }}>
        <Segmented value={state} onChange={(v) => setState(String(v))} options={[{ value: 'all', label: t('damage.list.all') }, ...DISPOSAL_STATES.map((s) => ({ value: s, label: t(`disposal.state.${s}`) }))]} />
      </div>
      {list.isError ? <LoadError error={list.error} retry={() => list.refetch()} /> : list.isPending ? <Skeleton active /> : !items.length ? (
        <Empty description={t('disposal.list.empty')} style={{ padding: '32px 0' }} />
      ) : phone ? (
        <div style={{ display: 'grid', gap: 10 }} data-testid="disposal-list">
          {items.map((d) => (
            <Card key={d.id} size="small" data-testid="disposal-row" styles={{ body: { padding: 12 } }}>
              <Link to={`/assets/disposals/${d.id}`} style={{ color: 'inherit', display: 'block' }} data-testid="disposal-open">
                <div style={{ display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
                  <Typography.Text strong>{t(`disposal.way.${d.way}`)}</Typography.Text><DisposalTag state={d.state} />{step(d)}
                  <Typography.Text type="secondary" style={{ marginInlineStart: 'auto', fontSize: 12 }}>{d.code}</Typography.Text>
                </div>
                <div style={{ marginTop: 4, overflowWrap: 'anywhere' }}>{assets(d)}</div>
                <div style={{ fontSize: 12, color: '#8c8c8c' }}>{t('disposal.list.total', { amount: yuan(d.totalOriginalFen) })} · {d.createdByName}</div>
              </Link>
            </Card>
          ))}
        </div>
      ) : (
        <Table rowKey="id" size="middle" columns={columns} dataSource={items} pagination={false} data-testid="disposal-list"
          onRow={() => ({ 'data-testid': 'disposal-row' }) as React.HTMLAttributes<HTMLElement>} />
      )}
      {!list.isPending && <LoadMore count={items.length} hasNext={!!list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => list.fetchNextPage()} />}
      <DisposalDrawer open={open} onClose={() => setOpen(false)} />
    </div>
  );
}
