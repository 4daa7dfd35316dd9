import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import type { RepairLogRow } from '../../../contracts/repairs';
import { ApiError, download, type Query } from '../../api/client';
import { useRepairLog, useRepairSettings, useWorkers } from '../../api/repairs';
import { useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { PageHeader } from '../../components/PageHeader';
import { useIsPhone } from '../../components/useIsPhone';
import { PeriodPicker } from './PeriodPicker';
import { REPAIR_ACTIONS, StateTag, fmtShort, itemsText, useCategoryLabel } from './shared';

/** 维修一览表: every order of a worker (or all) in a period, as the seed's paper form, with Excel and PDF. */
export default function RepairLogPage() {
  const { t, locale } = useI18n();
  const phone = useIsPhone();
  const can = useCan();
  const { message } = App.useApp();
  const category = useCategoryLabel();
  const { settings } = useRepairSettings();
  const [params, setParams] = useSearchParams();
  const [busy, setBusy] = useState<'xlsx' | 'pdf' | null>(null);
  const workers = useWorkers(can(REPAIR_ACTIONS.workers));
  const q: Query = { assigneeId: params.get('assigneeId') ?? undefined, from: params.get('from') ?? undefined, to: params.get('to') ?? undefined, category: params.get('category') ?? undefined };
  const log = useRepairLog(q);
  const set = (patch: Record<string, string | null>) => setParams((prev) => {
    const next = new URLSearchParams(prev);
    for (const [k, v] of Object.entries(patch)) { if (v) next.set(k, v); else next.delete(k); }
    return next;
  }, { replace: true });

  const exportAs = async (kind: 'xlsx' | 'pdf') => {
    setBusy(kind);
    try {
      const name = await download(`/repairs/log/export.${kind}`, q, `repair-log.${kind}`);
      message.success(t('common.exportDone', { name }));
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  const columns: TableColumnsType<RepairLogRow> = [
    { key: 'no', title: t('repairs.log.col.no'), width: 56, render: (_, __, i) => i + 1 },
    { key: 'code', title: t('repairs.log.col.code'), render: (_, r) => <Link to={`/repairs/${r.id}`}>{r.code}</Link> },
    { key: 'location', title: t('repairs.log.col.location'), render: (_, r) => <span style={{ overflowWrap: 'anywhere' }}>{r.locationPath}</span> },
    { key: 'category', title: t('repairs.log.col.category'), render: (_, r) => category(r.category) },
    { key: 'description', title: t('repairs.log.col.description'), render: (_, r) => <Typography.Paragraph ellipsis={{ rows: 2, tooltip: r.description }} style={{ margin: 0, maxWidth: 240 }}>{r.description}</Typography.Paragraph> },
    { key: 'items', title: t('repairs.log.col.items'), render: (_, r) => itemsText(r.items) || <span style={{ color: '#bbb' }}>{t('common.none')}</span> },
    { key: 'reporter', title: t('repairs.log.col.reporter'), dataIndex: 'reporterName' },
    { key: 'assignee', title: t('repairs.log.col.assignee'), render: (_, r) => r.assigneeName ?? '' },
    { key: 'reportedAt', title: t('repairs.log.col.reportedAt'), render: (_, r) => fmtShort(r.reportedAt) },
    { key: 'completedAt', title: t('repairs.log.col.completedAt'), render: (_, r) => fmtShort(r.completedAt) },
    { key: 'hours', title: t('repairs.log.col.hours'), align: 'right', render: (_, r) => r.hours ?? '' },
    { key: 'rating', title: t('repairs.log.col.rating'), align: 'right', render: (_, r) => (r.rating != null ? '★'.repeat(r.rating) : '') },
    { key: 'state', title: t('repairs.log.col.state'), render: (_, r) => <StateTag state={r.state} /> },
  ];

  const data = log.data;
  const width = phone ? 'calc(50% - 4px)' : 180;
  return (
    <div data-testid="page-repairs-log">
      <PageHeader title={t('repairs.logPage.title')} extra={(
        <>
          <Button icon={<FileExcelOutlined />} loading={busy === 'xlsx'} onClick={() => exportAs('xlsx')} data-testid="log-export-xlsx">{t('repairs.logPage.exportExcel')}</Button>
          <Button icon={<FilePdfOutlined />} loading={busy === 'pdf'} onClick={() => exportAs('pdf')} data-testid="log-export-pdf">{t('repairs.logPage.exportPdf')}</Button>
        </>
      )} />
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
        {can(REPAIR_ACTIONS.workers) && (
          <Select allowClear placeholder={t('repairs.log.allWorkers')} style={{ width }} value={q.assigneeId ? Number(q.assigneeId) : undefined}
            onChange={(v) => set({ assigneeId: v == null ? null : String(v) })} loading={workers.isPending} data-testid="log-worker"
            options={(workers.data ?? []).map((w) => ({ value: w.id, label: w.name }))} />
        )}
        <Select allowClear placeholder={t('repairs.fields.category')} style={{ width }} value={q.category as string | undefined}
          onChange={(v) => set({ category: v ?? null })}
          options={settings.categories.map((c) => ({ value: c.code, label: locale === 'zh-CN' ? c.zh : c.en }))} />
        <PeriodPicker from={q.from as string | undefined} to={q.to as string | undefined} onChange={(from, to) => set({ from, to })} />
      </div>
      {log.isError && <Alert type="error" showIcon title={(log.error as Error).message} style={{ marginBottom: 12 }} />}
      {data && (
        <Card size="small" style={{ marginBottom: 12 }} data-testid="log-summary">
          <Space wrap size={[16, 4]}>
            <span>{t('repairs.log.period', { from: data.from, to: data.to })}</span>
            <span>{data.assigneeName ? t('repairs.log.worker', { name: data.assigneeName }) : t('repairs.log.allWorkers')}</span>
            <Typography.Text strong>{t('repairs.log.totals', { orders: data.totals.orders, hours: data.totals.hours, rating: data.totals.averageRating != null ? data.totals.averageRating.toFixed(1) : '—' })}</Typography.Text>
          </Space>
          {data.truncated && <Alert type="warning" showIcon title={t('repairs.logPage.truncated')} style={{ marginTop: 8 }} />}
        </Card>
      )}
      <Table<RepairLogRow> rowKey="id" size="small" columns={columns} dataSource={data?.rows ?? []} loading={log.isFetching}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }} scroll={{ x: 'max-content' }} data-testid="repair-log-table"
        onRow={() => ({ 'data-testid': 'repair-row' } as React.HTMLAttributes<HTMLElement>)} />
    </div>
  );
}
