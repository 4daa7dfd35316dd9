import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, DatePicker, Empty, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { SubmittedReport } from '../../../../contracts/safetyHazards';
import { ApiError, download } from '../../../api/client';
import { useSubmitted, useSubmittedList } from '../../../api/hazards';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { useIsPhone } from '../../../components/useIsPhone';
import { ReportView } from './ReportView';
import { fmtTime } from './shared';

/** 上报的隐患月报: the district inspector's list of what the schools sent (a school's leaders see their own). Read-only. */
export function SubmittedReportsPage() {
  const { t } = useI18n();
  const phone = useIsPhone();
  const [month, setMonth] = useState<string | undefined>(undefined);
  const list = useSubmittedList({ month });
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const totals = (r: SubmittedReport) => t('hazards.web.submitted.totals', { found: r.totals.found, closed: r.totals.closed, open: r.totals.openAtEnd, overdue: r.totals.overdue });
  return (
    <div data-testid="page-hazard-submitted">
      <PageHeader title={t('hazards.web.submitted.title')} extra={(
        <DatePicker picker="month" inputReadOnly value={month ? dayjs(`${month}-01`) : null} onChange={(d) => setMonth(d ? d.format('YYYY-MM') : undefined)}
          placeholder={t('hazards.web.submitted.month')} data-testid="submitted-month" />
      )} />
      {list.isError && <Alert type="error" showIcon title={(list.error as Error).message} />}
      {list.isPending ? <Skeleton active /> : !items.length ? <Empty description={t('hazards.web.submitted.empty')} /> : phone ? (
        <div style={{ display: 'grid', gap: 10 }} data-testid="submitted-list">
          {items.map((r) => (
            <Link key={r.id} to={`/safety/hazards/submitted/${r.id}`} data-testid="submitted-row" style={{ color: 'inherit' }}>
              <Card size="small" styles={{ body: { padding: 12 } }}>
                <div style={{ display: 'flex', gap: 6, flexWrap: 'wrap', alignItems: 'center' }}>
                  <Typography.Text strong>{r.schoolName}</Typography.Text><Tag color="blue">{r.month}</Tag>
                  {r.revision > 1 && <Tag>{t('hazards.web.submitted.revisionN', { n: r.revision })}</Tag>}
                </div>
                <div style={{ fontSize: 13, marginTop: 4 }}>{totals(r)}</div>
                <div style={{ fontSize: 12, color: '#8c8c8c' }}>{fmtTime(r.submittedAt)} · {r.submittedByName}</div>
              </Card>
            </Link>
          ))}
        </div>
      ) : (
        <Table<SubmittedReport> rowKey="id" size="middle" pagination={false} dataSource={items} data-testid="submitted-list"
          onRow={() => ({ 'data-testid': 'submitted-row' } as React.HTMLAttributes<HTMLElement>)}
          columns={[
            { key: 'school', title: t('hazards.web.submitted.school'), render: (_, r) => <Link to={`/safety/hazards/submitted/${r.id}`}>{r.schoolName}</Link> },
            { key: 'month', title: t('hazards.web.submitted.month'), dataIndex: 'month' },
            { key: 'revision', title: t('hazards.web.submitted.revision'), dataIndex: 'revision', width: 70 },
            { key: 'totals', title: t('hazards.web.submitted.figures'), render: (_, r) => totals(r) },
            { key: 'at', title: t('hazards.web.submitted.submittedAt'), render: (_, r) => fmtTime(r.submittedAt) },
            { key: 'by', title: t('hazards.web.submitted.submittedBy'), dataIndex: 'submittedByName' },
            { key: 'note', title: t('hazards.web.submitted.note'), render: (_, r) => r.note ?? '' },
          ]} />
      )}
      {list.hasNextPage && <div style={{ textAlign: 'center', padding: 12 }}><Button onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('common.loadMore')}</Button></div>}
    </div>
  );
}

/** One submitted report, as it was sent (the frozen snapshot), with its exports. */
export function SubmittedReportPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { id } = useParams();
  const n = Number(id);
  const q = useSubmitted(Number.isInteger(n) && n > 0 ? n : null);
  const [busy, setBusy] = useState<string | null>(null);
  if (!Number.isInteger(n) || n <= 0 || (q.isError && q.error instanceof ApiError && q.error.status === 404)) return <Alert type="warning" showIcon title={t('detail.notFound')} />;
  if (q.isError) return <Alert type="error" showIcon title={(q.error as Error).message} />;
  const s = q.data;
  if (!s) return <Skeleton active />;
  const exportAs = async (format: 'xlsx' | 'pdf') => {
    setBusy(format);
    try {
      message.success(t('common.exportDone', { name: await download(`/reports/hazards/submitted/${s.id}`, { format }, `hazard-report.${format}`) }));
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div data-testid="page-hazard-submitted-detail">
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, marginBottom: 12 }}>
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/safety/hazards/submitted')} aria-label={t('common.back')} />
        <Typography.Title level={4} style={{ margin: 0, flex: '1 1 200px' }} data-testid="page-title">{s.schoolName} · {s.month}</Typography.Title>
        <Space wrap>
          <Button icon={<FileExcelOutlined />} loading={busy === 'xlsx'} onClick={() => exportAs('xlsx')}>{t('hazards.web.monthly.exportXlsx')}</Button>
          <Button icon={<FilePdfOutlined />} loading={busy === 'pdf'} onClick={() => exportAs('pdf')}>{t('hazards.web.monthly.exportPdf')}</Button>
        </Space>
      </div>
      <Alert type="info" showIcon style={{ marginBottom: 12 }}
        title={t('hazards.monthly.submittedLine', { at: fmtTime(s.submittedAt), by: s.submittedByName, revision: s.revision })}
        description={s.note ?? undefined} />
      <ReportView r={s.report} linkItems={false} />
    </div>
  );
}
