import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Card, Col, Empty, Row, Skeleton, Statistic, Table, Tag, Typography } from 'antd';
import type { RepairStats, StatsGroup } from '../../../contracts/repairs';
import { useRepairStats } from '../../api/repairs';
import { useI18n, type T } from '../../app/i18n';
import { EChart, type EChartOption } from '../../components/charts/EChart';
import { PageHeader } from '../../components/PageHeader';
import { useIsPhone } from '../../components/useIsPhone';
import { PeriodPicker } from './PeriodPicker';
import { fmtMinutes, pct, useCategoryLabel } from './shared';

const GREEN = '#0f6e5a';
const PALETTE = ['#0f6e5a', '#1677ff', '#d46b08', '#722ed1', '#c41d7f', '#08979c', '#7cb305', '#8c8c8c', '#cf1322', '#faad14'];
const hours = (min: number | null) => (min == null ? null : Math.round((min / 60) * 10) / 10);

function Figures({ s }: { s: RepairStats }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const figures: { key: string; label: string; value: string | number; color?: string }[] = [
    { key: 'count', label: t('repairs.statsPage.count'), value: s.totals.count, color: GREEN },
    { key: 'open', label: t('repairs.statsPage.open'), value: s.totals.open },
    { key: 'closed', label: t('repairs.statsPage.closed'), value: s.totals.closed },
    { key: 'response', label: t('repairs.statsPage.medianResponse'), value: fmtMinutes(s.totals.medianResponseMinutes, t) },
    { key: 'completion', label: t('repairs.statsPage.medianCompletion'), value: fmtMinutes(s.totals.medianCompletionMinutes, t) },
    { key: 'overdue', label: t('repairs.statsPage.overdueShare'), value: pct(s.totals.overdueShare), color: s.totals.overdueShare > 0.1 ? '#cf1322' : undefined },
    { key: 'satisfaction', label: t('repairs.statsPage.satisfaction'), value: pct(s.totals.satisfaction) },
    { key: 'rating', label: t('repairs.statsPage.averageRating'), value: s.totals.averageRating != null ? s.totals.averageRating.toFixed(1) : '—' },
    { key: 'hours', label: t('repairs.statsPage.hours'), value: s.totals.hours },
  ];
  return (
    <div style={{ display: 'grid', gridTemplateColumns: `repeat(auto-fill, minmax(${phone ? 150 : 160}px, 1fr))`, gap: 12 }}>
      {figures.map((f) => (
        <Card key={f.key} size="small" styles={{ body: { padding: phone ? '8px 10px' : '12px 14px' } }} data-testid={`stats-${f.key}`}>
          <Statistic title={<span style={{ fontSize: 12 }}>{f.label}</span>} value={f.value}
            styles={{ content: { fontSize: phone ? 17 : 22, fontWeight: 600, color: f.color, whiteSpace: 'nowrap' } }} />
        </Card>
      ))}
    </div>
  );
}

function byCategoryOption(groups: StatsGroup[], label: (code: string) => string, phone: boolean): EChartOption {
  // On a phone the names go into the legend (with counts): labels around the ring would be cut at the edges.
  const counts = new Map(groups.map((g) => [label(g.key) || g.label, g.count]));
  return {
    color: PALETTE,
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0, type: phone ? 'plain' : 'scroll', formatter: phone ? (name: string) => `${name} ${counts.get(name) ?? ''}` : undefined },
    series: [{
      type: 'pie', radius: phone ? ['32%', '58%'] : ['38%', '66%'], center: ['50%', phone ? '38%' : '44%'], avoidLabelOverlap: true,
      label: { show: !phone, formatter: '{b} {c}' },
      data: groups.map((g) => ({ name: label(g.key) || g.label, value: g.count })),
    }],
  };
}

function byMonthOption(groups: StatsGroup[], t: T): EChartOption {
  return {
    color: [GREEN, '#cf1322'],
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 36, right: 16, top: 16, bottom: 40 },
    xAxis: { type: 'category', data: groups.map((g) => g.key) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { type: 'line', name: t('repairs.statsPage.count'), data: groups.map((g) => g.count), smooth: true, areaStyle: { opacity: 0.12 } },
      { type: 'line', name: t('repairs.statsPage.overdueCount'), data: groups.map((g) => Math.round(g.count * g.overdueShare)), smooth: true },
    ],
  };
}

function byWorkerOption(groups: StatsGroup[], t: T): EChartOption {
  return {
    color: [GREEN, '#d46b08'],
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 40, right: 40, top: 32, bottom: 40, containLabel: true },
    xAxis: { type: 'category', data: groups.map((g) => g.label), axisLabel: { interval: 0 } },
    yAxis: [{ type: 'value', minInterval: 1 }, { type: 'value', name: t('repairs.statsPage.hoursAxis'), splitLine: { show: false } }],
    series: [
      { type: 'bar', name: t('repairs.statsPage.count'), data: groups.map((g) => g.count), barMaxWidth: 36 },
      { type: 'bar', name: t('repairs.statsPage.medianCompletionHours'), yAxisIndex: 1, data: groups.map((g) => hours(g.medianCompletionMinutes)), barMaxWidth: 24 },
    ],
  };
}

function hbarOption(rows: { name: string; value: number }[], color = GREEN): EChartOption {
  const r = [...rows].reverse();
  return {
    color: [color],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 28, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: r.map((x) => x.name), axisLabel: { width: 120, overflow: 'truncate' } },
    series: [{ type: 'bar', data: r.map((x) => x.value), barMaxWidth: 18, label: { show: true, position: 'right' } }],
  };
}

/** Groups as a table: count, medians, overdue share, satisfaction. */
function GroupTable({ groups, label }: { groups: StatsGroup[]; label: (g: StatsGroup) => string }) {
  const { t } = useI18n();
  return (
    <Table<StatsGroup> size="small" rowKey="key" pagination={false} dataSource={groups} scroll={{ x: 'max-content' }}
      columns={[
        { key: 'label', title: t('repairs.statsPage.group'), render: (_, g) => label(g) },
        { key: 'count', title: t('repairs.statsPage.count'), dataIndex: 'count', align: 'right' },
        { key: 'resp', title: t('repairs.statsPage.medianResponse'), align: 'right', render: (_, g) => fmtMinutes(g.medianResponseMinutes, t) },
        { key: 'comp', title: t('repairs.statsPage.medianCompletion'), align: 'right', render: (_, g) => fmtMinutes(g.medianCompletionMinutes, t) },
        { key: 'over', title: t('repairs.statsPage.overdueShare'), align: 'right', render: (_, g) => pct(g.overdueShare) },
        { key: 'sat', title: t('repairs.statsPage.satisfaction'), align: 'right', render: (_, g) => pct(g.satisfaction) },
      ]} />
  );
}

function ChartCard({ title, children, testId }: { title: string; children: React.ReactNode; testId?: string }) {
  return <Card size="small" title={title} data-testid={testId} styles={{ body: { padding: 8 } }}>{children}</Card>;
}

/** 维修统计: how many repairs, of what, where, by whom, how fast and how well, for a period (the current term by default). */
export default function RepairStatsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const category = useCategoryLabel();
  const phone = useIsPhone();
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const stats = useRepairStats({ from, to });
  const s = stats.data;

  const options = useMemo(() => (s ? {
    category: byCategoryOption(s.byCategory, category, phone),
    month: byMonthOption(s.byMonth, t),
    worker: byWorkerOption(s.byWorker, t),
    locations: hbarOption(s.topLocations.slice(0, 10).map((l) => ({ name: l.name, value: l.count }))),
    buildings: hbarOption(s.byBuilding.slice(0, 10).map((b) => ({ name: b.label, value: b.count })), '#1677ff'),
  } : null), [s, category, t, phone]);

  return (
    <div data-testid="repair-stats">
      <PageHeader title={t('repairs.statsPage.title')}
        sub={s ? (s.termName ? t('repairs.statsPage.periodTerm', { term: s.termName, from: s.from, to: s.to }) : t('repairs.statsPage.period', { from: s.from, to: s.to })) : undefined}
        extra={<PeriodPicker from={from} to={to} onChange={(f, tt) => setParams(f && tt ? { from: f, to: tt } : {}, { replace: true })} />} />
      {stats.isError && <Alert type="error" showIcon title={(stats.error as Error).message} />}
      {!s && stats.isPending && <Skeleton active />}
      {s && options && (
        <>
          <Figures s={s} />
          {s.totals.count === 0 ? <Empty style={{ marginTop: 32 }} description={t('repairs.statsPage.empty')} /> : (
            <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
              <Col xs={24} lg={12}><ChartCard title={t('repairs.statsPage.byCategory')} testId="chart-category"><EChart option={options.category} height={300} /></ChartCard></Col>
              <Col xs={24} lg={12}><ChartCard title={t('repairs.statsPage.byMonth')} testId="chart-month"><EChart option={options.month} height={300} /></ChartCard></Col>
              <Col xs={24} lg={12}><ChartCard title={t('repairs.statsPage.byWorker')} testId="chart-worker"><EChart option={options.worker} height={300} /></ChartCard></Col>
              <Col xs={24} lg={12}>
                <ChartCard title={t('repairs.statsPage.items')} testId="stats-items">
                  {s.items.length ? (
                    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, padding: 8 }}>
                      {s.items.slice(0, 30).map((i) => (
                        <Tag key={`${i.name}|${i.unit ?? ''}`} color="green" style={{ fontSize: 14, padding: '4px 10px', marginInlineEnd: 0 }}>
                          {t('repairs.statsPage.itemLine', { name: i.name, quantity: i.quantity, unit: i.unit ?? '', orders: i.orders })}
                        </Tag>
                      ))}
                    </div>
                  ) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('repairs.statsPage.noItems')} />}
                </ChartCard>
              </Col>
              <Col xs={24} lg={12}><ChartCard title={t('repairs.statsPage.topLocations')} testId="chart-locations"><EChart option={options.locations} height={Math.max(160, Math.min(10, s.topLocations.length) * 30 + 20)} /></ChartCard></Col>
              <Col xs={24} lg={12}><ChartCard title={t('repairs.statsPage.byBuilding')} testId="chart-buildings"><EChart option={options.buildings} height={Math.max(160, Math.min(10, s.byBuilding.length) * 30 + 20)} /></ChartCard></Col>
              {s.topAssets.length > 0 && (
                <Col xs={24} lg={12}>
                  <ChartCard title={t('repairs.statsPage.topAssets')}>
                    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, padding: 8 }}>
                      {s.topAssets.map((a) => <Tag key={a.id}>{t('repairs.statsPage.assetLine', { id: a.id, count: a.count })}</Tag>)}
                    </div>
                  </ChartCard>
                </Col>
              )}
              <Col xs={24}>
                <Card size="small" title={t('repairs.statsPage.workerTable')}>
                  <GroupTable groups={s.byWorker} label={(g) => g.label} />
                </Card>
              </Col>
              <Col xs={24}>
                <Card size="small" title={t('repairs.statsPage.categoryTable')}>
                  <GroupTable groups={s.byCategory} label={(g) => category(g.key) || g.label} />
                </Card>
              </Col>
            </Row>
          )}
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
            {t('repairs.statsPage.note')} <Link to="/repairs/log">{t('repairs.logPage.title')}</Link>
          </Typography.Paragraph>
        </>
      )}
    </div>
  );
}
