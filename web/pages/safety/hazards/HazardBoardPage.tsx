import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, App, Button, Empty, Select, Skeleton, Space, Tabs } from 'antd';
import { ClearOutlined, DownloadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { RECT_TABS, SEVERITIES, type RectTab } from '../../../../contracts/inspections';
import { HAZARD_KINDS } from '../../../../contracts/safetyHazards';
import { download, type Query } from '../../../api/client';
import { useHazardList } from '../../../api/hazards';
import { useCan } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { LocationTreeSelect } from '../../../components/refs';
import { useIsPhone } from '../../../components/useIsPhone';
import { HazardActions } from './HazardActions';
import { HAZARD_ACTIONS, HazardCard } from './shared';

const FILTERS = ['kind', 'severity', 'locationId', 'mine'] as const;

function HazardCards({ query }: { query: Query }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const list = useHazardList(query, { limit: 20 });
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  if (list.isError) return <Alert type="error" showIcon title={(list.error as Error).message} action={<Button size="small" icon={<ReloadOutlined />} onClick={() => list.refetch()}>{t('common.retry')}</Button>} />;
  if (list.isPending) return <Skeleton active />;
  if (!items.length) return <Empty description={t('hazards.web.board.empty')} style={{ padding: '32px 0' }} />;
  return (
    <>
      <div style={{ display: 'grid', gridTemplateColumns: phone ? '1fr' : 'repeat(auto-fill, minmax(320px, 1fr))', gap: 12 }} data-testid="hazard-list">
        {items.map((r) => <HazardCard key={r.id} r={r} extra={r.actions.length ? <HazardActions r={r} block={phone} size={phone ? 'large' : 'middle'} /> : undefined} />)}
      </div>
      <div style={{ textAlign: 'center', padding: '12px 0', color: '#8c8c8c', fontSize: 12 }}>
        {list.hasNextPage
          ? <Button onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="list-load-more">{t('common.loadMore')}</Button>
          : t('common.allLoaded', { count: items.length })}
      </div>
    </>
  );
}

/**
 * 隐患整改 board: tabs 待指派 / 整改中 / 待验收 / 已销号 / 逾期, cards with the steps each person may take.
 * Leaders see the school's hazards; everyone else what they reported or were given.
 */
export default function HazardBoardPage() {
  const { t } = useI18n();
  const phone = useIsPhone();
  const can = useCan();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const tab = (RECT_TABS as readonly string[]).includes(params.get('tab') ?? '') ? params.get('tab') as RectTab : 'open';
  const values = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? undefined])) as Record<(typeof FILTERS)[number], string | undefined>;
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v); else next.delete(k);
    setParams(next, { replace: true });
  };
  const width = phone ? 'calc(50% - 4px)' : 150;
  const query: Query = { tab, ...values };
  const [exporting, setExporting] = useState(false);
  const exportList = async () => {
    setExporting(true);
    try {
      message.success(t('common.exportDone', { name: await download('/hazards/export.xlsx', query, 'hazards.xlsx') }));
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setExporting(false);
    }
  };
  return (
    <div data-testid="page-hazards">
      <PageHeader title={t('hazards.web.board.title')} extra={(
        <>
          <Button icon={<DownloadOutlined />} size={phone ? 'large' : 'middle'} loading={exporting} onClick={exportList} data-testid="hazard-export">{t('common.export')}</Button>
          {can(HAZARD_ACTIONS.report) && (
            <Link to="/safety/hazards/new"><Button type="primary" size={phone ? 'large' : 'middle'} icon={<PlusOutlined />} data-testid="hazard-report-new">{t('hazards.web.board.report')}</Button></Link>
          )}
        </>
      )} />
      <Tabs activeKey={tab} onChange={(k) => set('tab', k)} data-testid="hazard-tabs"
        items={RECT_TABS.map((k) => ({ key: k, label: <span data-testid={`hazard-tab-${k}`}>{t(`inspections.tab.${k}`)}</span> }))} />
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }} data-testid="hazard-filters">
        <Select allowClear placeholder={t('hazards.web.board.kind')} style={{ width }} value={values.kind} onChange={(v) => set('kind', v ?? null)}
          options={HAZARD_KINDS.map((k) => ({ value: k, label: t(`hazards.kind.${k}`) }))} data-testid="filter-kind" />
        <Select allowClear placeholder={t('hazards.web.board.severity')} style={{ width }} value={values.severity} onChange={(v) => set('severity', v ?? null)}
          options={[...SEVERITIES].reverse().map((s) => ({ value: s, label: t(`inspections.severity.${s}`) }))} data-testid="filter-severity" />
        <div style={{ width: phone ? '100%' : 220 }}>
          <LocationTreeSelect value={values.locationId ? Number(values.locationId) : null} onChange={(v) => set('locationId', v == null ? null : String(v))}
            placeholder={t('hazards.web.board.location')} style={{ width: '100%' }} />
        </div>
        <Select style={{ width }} value={values.mine ?? ''} onChange={(v) => set('mine', v || null)} data-testid="filter-mine"
          options={[{ value: '', label: t('hazards.web.board.all') }, { value: 'reported', label: t('hazards.web.board.mineReported') }, { value: 'owned', label: t('hazards.web.board.mineOwned') }]} />
        {FILTERS.some((k) => values[k]) && (
          <Space><Button type="text" icon={<ClearOutlined />} onClick={() => setParams(tab === 'open' ? {} : { tab }, { replace: true })}>{t('common.reset')}</Button></Space>
        )}
      </div>
      <HazardCards query={query} />
    </div>
  );
}
