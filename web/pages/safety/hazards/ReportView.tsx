import { Card, Col, Empty, Row, Statistic, Table, Typography } from 'antd';
import { Link } from 'react-router';
import type { HazardMonthlyReport, ReportOpenItem } from '../../../../contracts/safetyHazards';
import { useI18n } from '../../../app/i18n';
import { useIsPhone } from '../../../components/useIsPhone';
import { OverdueTag, RectStateTag, SeverityTag, fmtShort, fmtTime, kindLabel } from './shared';

type Counts = { found: number; closed: number; openAtEnd: number; overdue: number };

/** The month's figures, the tables by kind and by severity, each open item with its plan, and the inspections. */
export function ReportView({ r, linkItems }: { r: HazardMonthlyReport; linkItems: boolean }) {
  const { t, locale } = useI18n();
  const phone = useIsPhone();
  const figures: [string, number, string?][] = [
    ['found', r.totals.found], ['closed', r.totals.closed, '#389e0d'], ['openAtEnd', r.totals.openAtEnd, '#d46b08'],
    ['overdue', r.totals.overdue, '#cf1322'], ['carried', r.totals.carriedOver], ['inspections', r.inspections.count],
  ];
  const countCols = (first: string, render: (row: Counts & Record<string, unknown>) => React.ReactNode) => [
    { key: 'k', title: first, render: (_: unknown, row: Counts & Record<string, unknown>) => render(row) },
    ...(['found', 'closed', 'openAtEnd', 'overdue'] as const).map((k) => ({ key: k, title: t(`hazards.web.monthly.${k}`), dataIndex: k, align: 'right' as const, width: phone ? 56 : 100 })),
  ];
  const title = (item: ReportOpenItem) => (linkItems ? <Link to={`/safety/hazards/${item.id}`}>{item.title}</Link> : item.title);
  const name = (n: { zh: string; en: string | null }) => (locale === 'en-US' ? n.en ?? n.zh : n.zh);
  return (
    <div data-testid="hazard-report-view">
      <Typography.Text type="secondary">{t('hazards.monthly.period', { from: r.from, to: r.to })} · {t('hazards.web.monthly.asOf', { at: fmtTime(r.asOf) })}</Typography.Text>
      <Row gutter={[12, 12]} style={{ marginTop: 8 }}>
        {figures.map(([k, v, color]) => (
          <Col key={k} xs={8} md={4}>
            <Card size="small" data-testid={`report-${k}`}>
              <Statistic title={t(`hazards.web.monthly.${k}`)} value={v} styles={{ content: { color, fontSize: phone ? 20 : 26 } }} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('hazards.web.monthly.byKind')}>
            <Table size="small" rowKey="kind" pagination={false} dataSource={r.byKind} data-testid="report-by-kind"
              columns={countCols(t('hazards.monthly.col.kind'), (row) => kindLabel(t, row.kind as string))}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}><strong>{t('hazards.monthly.total')}</strong></Table.Summary.Cell>
                  {(['found', 'closed', 'openAtEnd', 'overdue'] as const).map((k, i) => <Table.Summary.Cell key={k} index={i + 1} align="right"><strong>{r.totals[k]}</strong></Table.Summary.Cell>)}
                </Table.Summary.Row>
              )} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('hazards.web.monthly.bySeverity')}>
            <Table size="small" rowKey="severity" pagination={false} dataSource={r.bySeverity} data-testid="report-by-severity"
              columns={countCols(t('hazards.monthly.col.severity'), (row) => <SeverityTag severity={row.severity as never} />)} />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={`${t('hazards.web.monthly.openItems')}（${r.openItems.length}）`} style={{ marginTop: 16 }}>
        {!r.openItems.length ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hazards.web.monthly.none')} /> : phone ? (
          <div style={{ display: 'grid', gap: 8 }} data-testid="report-open-items">
            {r.openItems.map((i) => (
              <Card key={i.id} size="small" styles={{ body: { padding: 10 } }}>
                <div style={{ display: 'flex', gap: 6, flexWrap: 'wrap', alignItems: 'center' }}>
                  <strong>{kindLabel(t, i.kind)}</strong><SeverityTag severity={i.severity} /><RectStateTag state={i.state} /><OverdueTag overdue={i.overdue} />
                </div>
                <div style={{ marginTop: 4, overflowWrap: 'anywhere' }}>{title(i)}</div>
                <div style={{ fontSize: 12, color: '#8c8c8c', overflowWrap: 'anywhere' }}>{i.location ?? ''}</div>
                <div style={{ fontSize: 12, color: '#595959', marginTop: 4 }}>
                  {t('hazards.monthly.col.owner')}：{i.ownerName ?? '—'} · {t('hazards.monthly.col.deadline')}：{i.deadline ?? '—'}
                </div>
                {i.plan && <div style={{ fontSize: 12, color: '#595959', overflowWrap: 'anywhere' }}>{t('hazards.monthly.col.plan')}：{i.plan}</div>}
              </Card>
            ))}
          </div>
        ) : (
          <Table size="small" rowKey="id" pagination={false} dataSource={r.openItems} data-testid="report-open-items" scroll={{ x: 'max-content' }}
            columns={[
              { key: 'title', title: t('hazards.monthly.col.title'), render: (_: unknown, i: ReportOpenItem) => <div style={{ maxWidth: 260, overflowWrap: 'anywhere' }}>{title(i)}</div> },
              { key: 'kind', title: t('hazards.monthly.col.kind'), render: (_: unknown, i: ReportOpenItem) => kindLabel(t, i.kind) },
              { key: 'severity', title: t('hazards.monthly.col.severity'), render: (_: unknown, i: ReportOpenItem) => <SeverityTag severity={i.severity} /> },
              { key: 'location', title: t('hazards.monthly.col.location'), render: (_: unknown, i: ReportOpenItem) => <div style={{ maxWidth: 200, overflowWrap: 'anywhere' }}>{i.location}</div> },
              { key: 'reportedAt', title: t('hazards.monthly.col.reportedAt'), render: (_: unknown, i: ReportOpenItem) => fmtShort(i.reportedAt) },
              { key: 'owner', title: t('hazards.monthly.col.owner'), render: (_: unknown, i: ReportOpenItem) => i.ownerName ?? '—' },
              { key: 'deadline', title: t('hazards.monthly.col.deadline'), render: (_: unknown, i: ReportOpenItem) => <>{i.deadline ?? '—'} <OverdueTag overdue={i.overdue} /></> },
              { key: 'plan', title: t('hazards.monthly.col.plan'), render: (_: unknown, i: ReportOpenItem) => <div style={{ maxWidth: 240, overflowWrap: 'anywhere' }}>{i.plan}</div> },
              { key: 'state', title: t('hazards.monthly.col.state'), render: (_: unknown, i: ReportOpenItem) => <RectStateTag state={i.state} /> },
            ]} />
        )}
      </Card>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={12}>
          <Card size="small" title={`${t('hazards.web.monthly.closedItems')}（${r.closedItems.length}）`}>
            {!r.closedItems.length ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hazards.web.monthly.none')} /> : (
              <Table size="small" rowKey="id" pagination={false} dataSource={r.closedItems} data-testid="report-closed-items" scroll={{ x: 'max-content' }}
                columns={[
                  { key: 'title', title: t('hazards.monthly.col.title'), render: (_: unknown, i: HazardMonthlyReport['closedItems'][number]) => <div style={{ maxWidth: 220, overflowWrap: 'anywhere' }}>{linkItems ? <Link to={`/safety/hazards/${i.id}`}>{i.title}</Link> : i.title}</div> },
                  { key: 'kind', title: t('hazards.monthly.col.kind'), render: (_: unknown, i: HazardMonthlyReport['closedItems'][number]) => kindLabel(t, i.kind) },
                  { key: 'verifiedAt', title: t('hazards.monthly.col.verifiedAt'), render: (_: unknown, i: HazardMonthlyReport['closedItems'][number]) => fmtShort(i.verifiedAt) },
                  { key: 'verifier', title: t('hazards.monthly.col.verifier'), render: (_: unknown, i: HazardMonthlyReport['closedItems'][number]) => i.verifiedByName ?? '—' },
                ]} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={`${t('hazards.web.monthly.inspectionList')}（${r.inspections.count}）`}>
            {!r.inspections.items.length ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hazards.web.monthly.none')} /> : (
              <Table size="small" rowKey="id" pagination={false} dataSource={r.inspections.items} data-testid="report-inspections" scroll={{ x: 'max-content' }}
                columns={[
                  { key: 'template', title: t('hazards.monthly.col.template'), render: (_: unknown, i: HazardMonthlyReport['inspections']['items'][number]) => (linkItems ? <Link to={`/inspections/${i.id}`}>{name(i.templateName)}</Link> : name(i.templateName)) },
                  { key: 'day', title: t('hazards.monthly.col.day'), dataIndex: 'day' },
                  { key: 'location', title: t('hazards.monthly.col.location'), render: (_: unknown, i: HazardMonthlyReport['inspections']['items'][number]) => <div style={{ maxWidth: 160, overflowWrap: 'anywhere' }}>{i.location}</div> },
                  { key: 'inspector', title: t('hazards.monthly.col.inspector'), dataIndex: 'inspector' },
                  { key: 'failed', title: t('hazards.monthly.col.failed'), dataIndex: 'failCount', align: 'right' as const },
                ]} />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
