import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { App, Badge, Button, Checkbox, Empty, Input, InputNumber, Select, Space, Table, Tabs, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined, DownloadOutlined, FilterOutlined, ClearOutlined, SwapOutlined, QrcodeOutlined, UploadOutlined } from '@ant-design/icons';
import { ASSET_STATUSES, type Asset } from '../../../contracts/assets';
import { download, type Query } from '../../api/client';
import { useAssetList } from '../../api/assets';
import { useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { PageHeader } from '../../components/PageHeader';
import { LocationTreeSelect, RefSelect } from '../../components/refs';
import { useIsPhone } from '../../components/useIsPhone';
import { TransferDialog } from './TransferDialog';
import { ASSET_ACTIONS, AssetCard, ClassSelect, LowValueTag, PersonSelect, StatusTag, money } from './shared';

type Tab = 'fixed' | 'lowValue' | 'all';
const FILTERS = ['q', 'classCode', 'status', 'locationId', 'departmentId', 'custodianId', 'priceMinFen', 'priceMaxFen', 'sort'] as const;

/**
 * 资产台账: the register with its filters in the URL (shareable), tabs for fixed assets and
 * 低值易耗品, a table (cards on a phone) with keyset "load more", selection for a bulk transfer
 * or labels, and the Excel export of exactly what is filtered.
 */
export default function AssetListPage() {
  const { t } = useI18n();
  const phone = useIsPhone();
  const can = useCan();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const [selected, setSelected] = useState<number[]>([]);
  const [transferOpen, setTransferOpen] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [showMore, setShowMore] = useState(false);
  const writable = can(ASSET_ACTIONS.write);
  const tab = (params.get('tab') as Tab) || 'fixed';
  const values = useMemo(() => Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ''])) as Record<(typeof FILTERS)[number], string>, [params]);
  const query: Query = useMemo(() => {
    const q: Query = {};
    for (const k of FILTERS) if (values[k]) q[k] = values[k];
    if (tab !== 'all') q.lowValue = tab === 'lowValue' ? 'true' : 'false';
    return q;
  }, [values, tab]);
  const list = useAssetList(query);
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);

  const set = (k: string, v: string | null) => {
    setSelected([]);
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (v == null || v === '') next.delete(k); else next.set(k, v);
      return next;
    }, { replace: true });
  };
  const reset = () => { setSelected([]); setParams(tab === 'fixed' ? {} : { tab }, { replace: true }); };
  const moreCount = ['departmentId', 'custodianId', 'priceMinFen', 'priceMaxFen'].filter((k) => values[k as keyof typeof values]).length;
  const anyFilter = FILTERS.some((k) => values[k]);
  const width = phone ? 'calc(50% - 4px)' : 180;

  const exportXlsx = async () => {
    setExporting(true);
    try {
      const { sort: _sort, ...filters } = query;
      await download('/assets/export', filters, 'assets.xlsx');
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setExporting(false);
    }
  };

  const columns: TableColumnsType<Asset> = [
    { key: 'code', title: t('assets.field.code'), dataIndex: 'code', width: 150, sorter: true, sortOrder: values.sort === 'code' ? 'ascend' : values.sort === '-code' ? 'descend' : null,
      render: (v: string, a) => <Link to={`/assets/${a.id}`} data-testid="asset-link">{v}</Link> },
    { key: 'name', title: t('assets.field.name'), render: (_, a) => <>{a.name}{a.model ? <Typography.Text type="secondary" style={{ fontSize: 12 }}> · {a.model}</Typography.Text> : null}</> },
    { key: 'class', title: t('assets.field.className'), dataIndex: 'className', width: 140, ellipsis: true },
    { key: 'status', title: t('assets.field.status'), width: 100, render: (_, a) => <Space size={4}><StatusTag status={a.status} /><LowValueTag low={a.lowValue && tab === 'all'} /></Space> },
    { key: 'location', title: t('assets.field.location'), dataIndex: 'locationPath', ellipsis: true },
    { key: 'custodian', title: t('assets.field.custodian'), dataIndex: 'custodianName', width: 90 },
    { key: 'qty', title: t('assets.field.quantity'), width: 70, align: 'right', render: (_, a) => `${a.quantity}${a.unit ?? ''}` },
    { key: 'original', title: t('assets.web.original'), width: 120, align: 'right', render: (_, a) => money(a.originalValueFen) },
    ...(tab !== 'lowValue' ? [{ key: 'net', title: t('assets.web.net'), width: 120, align: 'right' as const, render: (_: unknown, a: Asset) => (a.lifeMonths ? money(a.netValueFen) : '—') }] : []),
    { key: 'acquired', title: t('assets.field.acquiredOn'), dataIndex: 'acquiredOn', width: 110, sorter: true, sortOrder: values.sort === 'acquiredOn' ? 'ascend' : values.sort === '-acquiredOn' ? 'descend' : null },
  ];

  const bulk = selected.length > 0 && (
    <Space wrap style={{ marginBottom: 8 }} data-testid="bulk-bar">
      <Typography.Text>{t('assets.web.selected', { n: selected.length })}</Typography.Text>
      {writable && <Button icon={<SwapOutlined />} onClick={() => setTransferOpen(true)} size={phone ? 'large' : 'middle'} data-testid="bulk-transfer">{t('assets.web.bulkTransfer')}</Button>}
      {can(ASSET_ACTIONS.labels) && <Button icon={<QrcodeOutlined />} size={phone ? 'large' : 'middle'} onClick={() => navigate(`/assets/labels?ids=${selected.join(',')}`)} data-testid="bulk-labels">{t('assets.web.bulkLabels')}</Button>}
      <Button type="text" onClick={() => setSelected([])}>{t('common.cancel')}</Button>
    </Space>
  );

  return (
    <div data-testid="page-assets">
      <PageHeader title={t('assets.web.title')} extra={<>
        {writable && <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/assets/new')} data-testid="asset-new">{t('assets.web.add')}</Button>}
        {can(ASSET_ACTIONS.import) && <Button icon={<UploadOutlined />} onClick={() => navigate('/assets/import')}>{t('assets.menu.import')}</Button>}
        <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportXlsx} data-testid="asset-export">{t('assets.web.export')}</Button>
      </>} />
      <Tabs activeKey={tab} onChange={(k) => set('tab', k === 'fixed' ? null : k)} items={(['fixed', 'lowValue', 'all'] as Tab[]).map((k) => ({ key: k, label: t(`assets.web.tabs.${k}`) }))} data-testid="asset-tabs" />
      <div style={{ marginBottom: 12 }} data-testid="filter-bar">
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
          <Input.Search allowClear placeholder={t('assets.web.search')} defaultValue={values.q} key={values.q} onSearch={(v) => set('q', v.trim() || null)} style={{ width: phone ? '100%' : 260 }} data-testid="filter-q" />
          <ClassSelect value={values.classCode || null} onChange={(v) => set('classCode', v)} placeholder={t('assets.web.filters.class')} style={{ width }} testId="filter-class" />
          <Select allowClear placeholder={t('assets.web.filters.status')} style={{ width }} value={values.status || undefined} onChange={(v) => set('status', v ?? null)} data-testid="filter-status"
            options={ASSET_STATUSES.map((s) => ({ value: s, label: t(`assets.status.${s}`) }))} />
          <LocationTreeSelect value={values.locationId ? Number(values.locationId) : null} onChange={(v) => set('locationId', v == null ? null : String(v))} placeholder={t('assets.web.filters.location')} style={{ width: phone ? 'calc(50% - 4px)' : 220 }} />
          <Badge count={moreCount} size="small">
            <Button icon={<FilterOutlined />} onClick={() => setShowMore(!showMore)} data-testid="filter-more">{t(showMore ? 'common.less' : 'common.more')}</Button>
          </Badge>
          {anyFilter && <Button icon={<ClearOutlined />} type="text" onClick={reset}>{t('common.reset')}</Button>}
        </div>
        {(showMore || moreCount > 0) && (
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 8 }}>
            <RefSelect kind="departments" value={values.departmentId ? Number(values.departmentId) : null} onChange={(v) => set('departmentId', v == null ? null : String(v))} placeholder={t('assets.web.filters.department')} style={{ width }} />
            <PersonSelect value={values.custodianId ? Number(values.custodianId) : null} onChange={(v) => set('custodianId', v == null ? null : String(v))} placeholder={t('assets.web.filters.custodian')} style={{ width }} />
            <InputNumber min={0} placeholder={t('assets.web.filters.priceMin')} style={{ width }} value={values.priceMinFen ? Number(values.priceMinFen) / 100 : null}
              onChange={(v) => set('priceMinFen', v == null ? null : String(Math.round(Number(v) * 100)))} />
            <InputNumber min={0} placeholder={t('assets.web.filters.priceMax')} style={{ width }} value={values.priceMaxFen ? Number(values.priceMaxFen) / 100 : null}
              onChange={(v) => set('priceMaxFen', v == null ? null : String(Math.round(Number(v) * 100)))} />
          </div>
        )}
      </div>
      {bulk}
      {phone ? (
        <div data-testid="asset-cards">
          {!items.length && !list.isPending && <Empty />}
          {items.map((a) => (
            <AssetCard key={a.id} a={a} extra={(writable || can(ASSET_ACTIONS.labels)) ? (
              <Checkbox checked={selected.includes(a.id)} onClick={(e) => e.stopPropagation()}
                onChange={(e) => setSelected(e.target.checked ? [...selected, a.id] : selected.filter((x) => x !== a.id))} style={{ padding: 6 }} />
            ) : undefined} />
          ))}
        </div>
      ) : (
        <Table<Asset> rowKey="id" size="middle" columns={columns} dataSource={items} loading={list.isPending} pagination={false} scroll={{ x: 1100 }} data-testid="asset-table"
          rowSelection={writable || can(ASSET_ACTIONS.labels) ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) } : undefined}
          onChange={(_p, _f, sorter) => {
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            const key = s?.columnKey === 'acquired' ? 'acquiredOn' : s?.columnKey === 'code' ? 'code' : null;
            set('sort', key && s.order ? (s.order === 'descend' ? `-${key}` : key) : null);
          }} />
      )}
      {list.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage} size={phone ? 'large' : 'middle'} block={phone} data-testid="load-more">{t('assets.web.more')}</Button>
        </div>
      )}
      <TransferDialog open={transferOpen} onClose={() => setTransferOpen(false)} ids={selected} onDone={() => setSelected([])} />
    </div>
  );
}
