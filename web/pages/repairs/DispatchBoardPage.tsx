import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, App, Badge, Button, Card, DatePicker, Drawer, Empty, Form, Modal, Radio, Select, Skeleton, Space, Table, Tabs, Typography, type TableColumnsType } from 'antd';
import { ApartmentOutlined, SendOutlined, SettingOutlined, ClearOutlined, ReloadOutlined, UserOutlined, QrcodeOutlined, FilePdfOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { REPAIR_STATES, URGENCIES, type RepairOrder } from '../../../contracts/repairs';
import { LOCATION_TYPES, type Location, type LocationType } from '../../../contracts/org';
import { ApiError, download, type Query } from '../../api/client';
import { useCategoryRules, useRepairList, useRepairSettings, useSaveCategoryRules, useWorkers } from '../../api/repairs';
import { useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { PageHeader } from '../../components/PageHeader';
import { LocationTreeSelect, useRefData } from '../../components/refs';
import { useIsPhone } from '../../components/useIsPhone';
import { DispatchDialog, RepairActions } from './RepairActions';
import { RepairSettingsDrawer } from './RepairSettingsDrawer';
import { OPEN_STATES, OverdueTag, REPAIR_ACTIONS, RepairCard, StateTag, UrgencyTag, fmtShort, useCategoryLabel } from './shared';

type TabKey = 'new' | 'overdue' | 'byWorker' | 'all';
const TABS: TabKey[] = ['new', 'overdue', 'byWorker', 'all'];
/** Filters kept in the URL (shareable, survive a reload). */
const FILTER_KEYS = ['category', 'urgency', 'locationId', 'from', 'to', 'state', 'overdue'] as const;

/** Category → default worker: new orders of a category go straight to that worker. */
function RulesDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, locale } = useI18n();
  const phone = useIsPhone();
  const can = useCan();
  const { message } = App.useApp();
  const { settings } = useRepairSettings();
  const rules = useCategoryRules(open);
  const workers = useWorkers(open);
  const save = useSaveCategoryRules();
  const [draft, setDraft] = useState<Record<string, number | null>>({});
  const [error, setError] = useState<string | null>(null);
  const writable = can(REPAIR_ACTIONS.rulesWrite);
  useEffect(() => {
    if (open && rules.data) setDraft(Object.fromEntries(rules.data.rules.map((r) => [r.category, r.assigneeId])));
    if (open) setError(null);
  }, [open, rules.data]);
  const options = (workers.data ?? []).map((w) => ({ value: w.id, label: w.name }));
  const submit = async () => {
    setError(null);
    try {
      await save.mutateAsync(settings.categories.map((c) => ({ category: c.code, assigneeId: draft[c.code] ?? null })));
      message.success(t('common.saved'));
      onClose();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <Drawer open={open} onClose={onClose} title={t('repairs.rules.title')} size={phone ? '100%' : 480} destroyOnHidden
      footer={writable ? (
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={submit} data-testid="rules-save">{t('common.save')}</Button>
        </Space>
      ) : undefined}>
      <Typography.Paragraph type="secondary">{t('repairs.rules.hint')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {rules.isPending ? <Skeleton active /> : (
        <div style={{ display: 'grid', gridTemplateColumns: 'minmax(72px, max-content) minmax(0, 1fr)', gap: '10px 12px', alignItems: 'center' }} data-testid="rules-editor">
          {settings.categories.filter((c) => c.active || draft[c.code]).map((c) => (
            <div key={c.code} style={{ display: 'contents' }}>
              <Typography.Text strong>{locale === 'zh-CN' ? c.zh : c.en}</Typography.Text>
              <Select allowClear disabled={!writable} options={options} value={draft[c.code] ?? undefined} placeholder={t('repairs.rules.manual')}
                onChange={(v) => setDraft({ ...draft, [c.code]: v ?? null })} data-testid={`rule-${c.code}`} />
            </div>
          ))}
        </div>
      )}
    </Drawer>
  );
}

/** The filters of the board; on a phone they wrap two to a line. */
function Filters({ values, set, reset, tab }: { values: Record<string, string>; set: (k: string, v: string | null) => void; reset: () => void; tab: TabKey }) {
  const { t, locale } = useI18n();
  const phone = useIsPhone();
  const { settings } = useRepairSettings();
  const width = phone ? 'calc(50% - 4px)' : 150;
  const any = FILTER_KEYS.some((k) => values[k]);
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }} data-testid="dispatch-filters">
      <Select allowClear placeholder={t('repairs.fields.category')} style={{ width }} value={values.category} onChange={(v) => set('category', v ?? null)}
        options={settings.categories.map((c) => ({ value: c.code, label: locale === 'zh-CN' ? c.zh : c.en }))} data-testid="filter-category" />
      <Select allowClear placeholder={t('repairs.fields.urgency')} style={{ width }} value={values.urgency} onChange={(v) => set('urgency', v ?? null)}
        options={URGENCIES.map((u) => ({ value: u, label: t(`enums.urgency.${u}`) }))} data-testid="filter-urgency" />
      {tab === 'all' && (
        <>
          <Select allowClear placeholder={t('repairs.fields.state')} style={{ width }} value={values.state} onChange={(v) => set('state', v ?? null)}
            options={REPAIR_STATES.map((s) => ({ value: s, label: t(`enums.repairState.${s}`) }))} data-testid="filter-state" />
          <Select allowClear placeholder={t('repairs.common.overdue')} style={{ width }} value={values.overdue} onChange={(v) => set('overdue', v ?? null)}
            options={[{ value: 'true', label: t('repairs.board.onlyOverdue') }, { value: 'false', label: t('repairs.board.notOverdue') }]} data-testid="filter-overdue" />
        </>
      )}
      <div style={{ width: phone ? '100%' : 220 }}>
        <LocationTreeSelect value={values.locationId ? Number(values.locationId) : null} onChange={(v) => set('locationId', v == null ? null : String(v))}
          placeholder={t('repairs.fields.location')} style={{ width: '100%' }} />
      </div>
      <DatePicker.RangePicker style={{ width: phone ? '100%' : 250 }} inputReadOnly={phone}
        value={values.from && values.to ? [dayjs(values.from), dayjs(values.to)] : null}
        onChange={(r) => { set('from', r?.[0]?.format('YYYY-MM-DD') ?? null); set('to', r?.[1]?.format('YYYY-MM-DD') ?? null); }}
        placeholder={[t('repairs.board.from'), t('repairs.board.to')]} />
      {any && <Button type="text" icon={<ClearOutlined />} onClick={reset}>{t('common.reset')}</Button>}
    </div>
  );
}

/** Orders of one tab: a table with bulk dispatch on a desktop, cards on a phone. */
function OrderTable({ query, bulk }: { query: Query; bulk: boolean }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const category = useCategoryLabel();
  const list = useRepairList(query, { limit: 50 });
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const [selected, setSelected] = useState<number[]>([]);
  const [bulkOpen, setBulkOpen] = useState(false);
  const queryKey = JSON.stringify(query);
  useEffect(() => setSelected([]), [queryKey]);
  const chosen = items.filter((o) => selected.includes(o.id));

  if (list.isError) return <Alert type="error" showIcon title={(list.error as Error).message} action={<Button size="small" icon={<ReloadOutlined />} onClick={() => list.refetch()}>{t('common.retry')}</Button>} />;

  const more = (
    <div style={{ textAlign: 'center', padding: '12px 0', color: '#8c8c8c', fontSize: 12 }}>
      {list.hasNextPage
        ? <Button onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="list-load-more">{t('common.loadMore')}</Button>
        : items.length > 0 && t('common.allLoaded', { count: items.length })}
    </div>
  );

  if (phone) {
    if (list.isPending) return <Skeleton active />;
    if (!items.length) return <Empty description={t('repairs.board.empty')} />;
    return (
      <>
        <div style={{ display: 'grid', gap: 10 }} data-testid="repair-list">
          {items.map((o) => <RepairCard key={o.id} order={o} extra={o.actions.length ? <RepairActions order={o} /> : undefined} />)}
        </div>
        {more}
      </>
    );
  }

  const columns: TableColumnsType<RepairOrder> = [
    {
      key: 'code', title: t('repairs.fields.code'), width: 150,
      render: (_, o) => (
        <div>
          <Link to={`/repairs/${o.id}`} data-testid="repair-open">{o.code}</Link>
          <div style={{ fontSize: 12, color: '#8c8c8c' }}>{fmtShort(o.reportedAt)}</div>
        </div>
      ),
    },
    {
      key: 'location', title: t('repairs.fields.location'), width: 180,
      render: (_, o) => (
        <div style={{ overflowWrap: 'anywhere' }}>
          {o.locationPath || o.locationName}
          <div style={{ fontSize: 12, color: '#8c8c8c' }}>{category(o.category)}</div>
        </div>
      ),
    },
    {
      key: 'description', title: t('repairs.fields.description'),
      render: (_, o) => (
        <div style={{ maxWidth: 260 }}>
          <Typography.Paragraph ellipsis={{ rows: 2, tooltip: o.description }} style={{ margin: 0 }}>{o.description}</Typography.Paragraph>
          <div style={{ fontSize: 12, color: '#8c8c8c' }}>{t('repairs.common.reporterShort', { name: o.reporterName })}</div>
        </div>
      ),
    },
    {
      key: 'state', title: t('repairs.fields.state'), width: 120,
      render: (_, o) => <Space size={4} wrap><StateTag state={o.state} /><UrgencyTag urgency={o.urgency} plannedDate={o.plannedDate} /><OverdueTag overdue={o.overdue} /></Space>,
    },
    { key: 'assignee', title: t('repairs.fields.assignee'), width: 90, render: (_, o) => o.assigneeName ?? <span style={{ color: '#bbb' }}>{t('common.none')}</span> },
    { key: 'actions', title: t('common.actions'), width: 170, render: (_, o) => <RepairActions order={o} size="small" /> },
  ];
  return (
    <>
      {bulk && selected.length > 0 && (
        <Alert type="info" style={{ marginBottom: 8 }} title={t('common.selected', { count: selected.length })}
          action={(
            <Space>
              <Button size="small" onClick={() => setSelected([])}>{t('common.cancel')}</Button>
              <Button size="small" type="primary" icon={<SendOutlined />} onClick={() => setBulkOpen(true)} data-testid="bulk-dispatch">{t('repairs.board.bulkDispatch')}</Button>
            </Space>
          )} />
      )}
      <Table<RepairOrder> rowKey="id" size="middle" columns={columns} dataSource={items} pagination={false} data-testid="list-table"
        loading={list.isPending || (list.isFetching && !list.isFetchingNextPage)} scroll={{ x: 'max-content' }}
        locale={{ emptyText: list.isPending ? ' ' : t('repairs.board.empty') }}
        onRow={() => ({ 'data-testid': 'repair-row' } as React.HTMLAttributes<HTMLElement>)}
        rowSelection={bulk ? {
          selectedRowKeys: selected, onChange: (k) => setSelected(k as number[]), columnWidth: 40,
          getCheckboxProps: (o) => ({ disabled: !o.actions.includes('dispatch') }),
        } : undefined} />
      {more}
      <DispatchDialog orders={chosen} open={bulkOpen && chosen.length > 0} onClose={() => setBulkOpen(false)} onDone={() => setSelected([])} />
    </>
  );
}

/** Work in progress, one column per worker: who has what, and who is free. */
function ByWorker({ query }: { query: Query }) {
  const { t } = useI18n();
  const workers = useWorkers();
  const list = useRepairList({ ...query, state: 'dispatched,in_progress' }, { limit: 200 });
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  if (workers.isPending || list.isPending) return <Skeleton active />;
  if (workers.isError) return <Alert type="error" showIcon title={(workers.error as Error).message} />;
  const groups = (workers.data ?? []).map((w) => ({ worker: w, orders: items.filter((o) => o.assigneeId === w.id) }));
  const others = items.filter((o) => !groups.some((g) => g.worker.id === o.assigneeId));
  if (!groups.length && !others.length) return <Empty description={t('repairs.dispatch.noWorkers')} />;
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))', gap: 12 }} data-testid="board-by-worker">
      {groups.map(({ worker, orders }) => (
        <Card key={worker.id} size="small" data-testid="board-worker"
          title={<span><UserOutlined /> {worker.name} <Badge count={orders.length} showZero color={orders.length ? '#0f6e5a' : '#bfbfbf'} style={{ marginInlineStart: 6 }} /></span>}
          extra={worker.phone ? <a href={`tel:${worker.phone}`}>{worker.phone}</a> : undefined}>
          {orders.length ? (
            <div style={{ display: 'grid', gap: 8 }}>
              {orders.map((o) => <RepairCard key={o.id} order={o} showAssignee={false} />)}
            </div>
          ) : <Typography.Text type="secondary">{t('repairs.board.free')}</Typography.Text>}
        </Card>
      ))}
      {others.length > 0 && (
        <Card size="small" title={t('repairs.board.otherAssignees')}>
          <div style={{ display: 'grid', gap: 8 }}>{others.map((o) => <RepairCard key={o.id} order={o} />)}</div>
        </Card>
      )}
    </div>
  );
}

/** The room QR labels' action and sizes (server/modules/repairs/repairs.qr.ts). */
const QR_PRINT_ACTION = 'repairs.qr.print';
const QR_SIZES = [{ value: 'a4-24', perPage: 24 }, { value: '40x30', perPage: 1 }] as const;
const QR_MAX = 500;

/** 打印报修二维码: labels for the rooms of a building and/or a type; each code opens the report form with the room filled in. */
function QrPrintDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const buildings = useRefData('buildings');
  const locations = useRefData('locations');
  const [buildingId, setBuildingId] = useState<number | null>(null);
  const [type, setType] = useState<LocationType | null>(null);
  const [size, setSize] = useState<(typeof QR_SIZES)[number]['value']>('a4-24');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { if (open) setError(null); }, [open]);
  const chosen = useMemo(() => (locations.active as unknown as Location[])
    .filter((l) => (buildingId == null || l.buildingId === buildingId) && (type == null || l.type === type)), [locations.active, buildingId, type]);
  const perPage = QR_SIZES.find((x) => x.value === size)!.perPage;
  const tooMany = chosen.length > QR_MAX;
  const none = !locations.loading && chosen.length === 0;

  const submit = async () => {
    setError(null);
    setBusy(true);
    try {
      // The server needs a building, a type or ids: "all buildings, all types" sends every active place's id.
      const query: Query = buildingId == null && type == null
        ? { locationIds: chosen.map((l) => l.id).join(','), size }
        : { buildingId: buildingId ?? undefined, type: type ?? undefined, size };
      const name = await download('/repairs/location-qr.pdf', query, 'location-qr.pdf');
      message.success(t('common.exportDone', { name }));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} onCancel={onClose} destroyOnHidden title={t('repairs.qrPrint.title')} width={480}
      footer={[
        <Button key="c" onClick={onClose}>{t('common.cancel')}</Button>,
        <Button key="ok" type="primary" icon={<FilePdfOutlined />} loading={busy} disabled={none || tooMany || locations.loading} onClick={submit} data-testid="qr-print-download">{t('repairs.qrPrint.download')}</Button>,
      ]}>
      <Typography.Paragraph type="secondary">{t('repairs.qrPrint.hint')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form layout="vertical" component="div">
        <Form.Item label={t('repairs.qrPrint.building')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} loading={buildings.loading} value={buildingId ?? undefined} onChange={(v) => setBuildingId(v ?? null)}
            placeholder={t('repairs.qrPrint.allBuildings')} style={{ width: '100%' }} data-testid="qr-print-building"
            options={buildings.active.map((b) => ({ value: b.id, label: String(b.name) }))} />
        </Form.Item>
        <Form.Item label={t('repairs.qrPrint.type')}>
          <Select allowClear value={type ?? undefined} onChange={(v) => setType(v ?? null)} placeholder={t('repairs.qrPrint.allTypes')} style={{ width: '100%' }} data-testid="qr-print-type"
            options={LOCATION_TYPES.map((x) => ({ value: x, label: t(`enums.locationType.${x}`) }))} />
        </Form.Item>
        <Form.Item label={t('repairs.qrPrint.size')}>
          <Radio.Group value={size} onChange={(e) => setSize(e.target.value)} style={{ display: 'grid', gap: 6 }} data-testid="qr-print-size"
            options={QR_SIZES.map((x) => ({ value: x.value, label: t(`repairs.qrPrint.sizes.${x.value === 'a4-24' ? 'a4' : 'label40'}`) }))} />
        </Form.Item>
      </Form>
      {!locations.loading && (
        tooMany ? <Alert type="warning" showIcon title={t('repairs.qrPrint.tooMany', { count: chosen.length, max: QR_MAX })} />
          : none ? <Alert type="info" showIcon title={t('repairs.qrPrint.none')} />
            : <Typography.Text data-testid="qr-print-count">{t('repairs.qrPrint.count', { count: chosen.length, pages: Math.ceil(chosen.length / perPage) })}</Typography.Text>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12, overflowWrap: 'anywhere' }}>
        {t('repairs.qrPrint.target', { url: `${window.location.origin}/repairs/new` })}
      </Typography.Paragraph>
    </Modal>
  );
}

/** 派工台: new reports to dispatch, overdue work, who is doing what; filters; bulk dispatch; category rules. */
export default function DispatchBoardPage() {
  const { t } = useI18n();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const [rulesOpen, setRulesOpen] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [qrOpen, setQrOpen] = useState(false);
  const tab: TabKey = (TABS as string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as TabKey) : 'new';
  const values = useMemo(() => Object.fromEntries(FILTER_KEYS.flatMap((k) => (params.get(k) ? [[k, params.get(k)!]] : []))), [params]);
  const set = (k: string, v: string | null) => setParams((prev) => {
    const next = new URLSearchParams(prev);
    if (v == null || v === '') next.delete(k); else next.set(k, v);
    return next;
  }, { replace: true });
  const reset = () => setParams(tab === 'new' ? {} : { tab }, { replace: true });

  const base: Query = { category: values.category, urgency: values.urgency, locationId: values.locationId, from: values.from, to: values.to };
  const query: Query = tab === 'new' ? { ...base, state: 'reported,reopened' }
    : tab === 'overdue' ? { ...base, overdue: 'true', state: OPEN_STATES.join(',') }
      : { ...base, state: values.state, overdue: values.overdue };

  return (
    <div data-testid="page-repairs-dispatch">
      <PageHeader title={t('repairs.board.title')} extra={(
        <>
          {can(REPAIR_ACTIONS.rulesRead) && <Button icon={<ApartmentOutlined />} onClick={() => setRulesOpen(true)} data-testid="rules-open">{t('repairs.rules.title')}</Button>}
          {can(REPAIR_ACTIONS.settingsWrite) && <Button icon={<SettingOutlined />} onClick={() => setSettingsOpen(true)} data-testid="repair-settings-open">{t('repairs.settings.title')}</Button>}
          {can(QR_PRINT_ACTION) && <Button icon={<QrcodeOutlined />} onClick={() => setQrOpen(true)} data-testid="qr-print-open">{t('repairs.qrPrint.open')}</Button>}
        </>
      )} />
      <Tabs activeKey={tab} onChange={(k) => set('tab', k === 'new' ? null : k)} data-testid="dispatch-tabs"
        items={TABS.map((k) => ({
          key: k,
          label: k === 'overdue' ? <span style={{ color: tab === k ? undefined : '#cf1322' }}>{t(`repairs.board.tabs.${k}`)}</span> : t(`repairs.board.tabs.${k}`),
        }))} />
      <Filters values={values} set={set} reset={reset} tab={tab} />
      {tab === 'byWorker' ? <ByWorker query={base} /> : <OrderTable query={query} bulk />}
      <RulesDrawer open={rulesOpen} onClose={() => setRulesOpen(false)} />
      <RepairSettingsDrawer open={settingsOpen} onClose={() => setSettingsOpen(false)} />
      <QrPrintDialog open={qrOpen} onClose={() => setQrOpen(false)} />
    </div>
  );
}
