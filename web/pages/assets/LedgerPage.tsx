import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Table, Typography, type TableColumnsType } from 'antd';
import { CalculatorOutlined, FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { LedgerRow } from '../../../contracts/assets';
import { ApiError, download } from '../../api/client';
import { useDepreciationRuns, useLedger, useRunDepreciation, yuan } from '../../api/assets';
import { useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { PageHeader } from '../../components/PageHeader';
import { useIsPhone } from '../../components/useIsPhone';
import { ASSET_ACTIONS, fmtTime } from './shared';

type Line = LedgerRow & { key: string; kind: 'class' | 'total' | 'low' };

/**
 * 资产分类账: the month's register by class — cards, quantity, original value, accumulated
 * depreciation, net value, the month's depreciation — with the totals finance reconciles with its
 * books (账物相符), 低值易耗品 apart, Excel and PDF exports; leaders run the month's depreciation here.
 */
export default function LedgerPage() {
  const { t } = useI18n();
  const phone = useIsPhone();
  const can = useCan();
  const { message, modal } = App.useApp();
  const [month, setMonth] = useState<Dayjs>(() => dayjs().subtract(1, 'month'));
  const m = month.format('YYYY-MM');
  const ledger = useLedger({ month: m });
  const runs = useDepreciationRuns();
  const run = useRunDepreciation();
  const l = ledger.data;

  const lines: Line[] = useMemo(() => (l ? [
    ...l.rows.map((r) => ({ ...r, key: r.classCode, kind: 'class' as const })),
    { ...l.totals, classCode: '', className: t('assets.ledger.totalFixed'), level: 0, key: 'total', kind: 'total' as const },
    { classCode: '', className: t('assets.ledger.lowValue'), level: 0, count: l.lowValue.count, quantity: l.lowValue.quantity, originalFen: l.lowValue.originalFen, accumulatedFen: 0, netFen: 0, monthFen: 0, key: 'low', kind: 'low' as const },
  ] : []), [l, t]);

  const money = (v: number, r: Line) => (r.kind === 'low' ? '—' : yuan(v));
  const columns: TableColumnsType<Line> = [
    { key: 'code', title: t('assets.ledger.col.code'), dataIndex: 'classCode', width: 90 },
    { key: 'name', title: t('assets.ledger.col.name'), render: (_, r) => <span style={{ paddingLeft: r.level * 16, fontWeight: r.level === 0 ? 600 : undefined }}>{r.className}</span> },
    { key: 'count', title: t('assets.ledger.col.count'), dataIndex: 'count', width: 80, align: 'right' },
    ...(phone ? [] : [{ key: 'qty', title: t('assets.ledger.col.quantity'), dataIndex: 'quantity', width: 90, align: 'right' as const }]),
    { key: 'original', title: t('assets.ledger.col.original'), width: 130, align: 'right', render: (_, r) => yuan(r.originalFen) },
    { key: 'acc', title: t('assets.ledger.col.accumulated'), width: 130, align: 'right', render: (_, r) => money(r.accumulatedFen, r) },
    { key: 'net', title: t('assets.ledger.col.net'), width: 130, align: 'right', render: (_, r) => money(r.netFen, r) },
    { key: 'month', title: t('assets.ledger.col.month'), width: 110, align: 'right', render: (_, r) => money(r.monthFen, r) },
  ];

  const runMonth = () => modal.confirm({
    title: t('assets.ledgerWeb.runConfirm', { month: m }),
    okButtonProps: { 'data-testid': 'run-confirm' } as Record<string, string>,
    onOk: async () => {
      try {
        const r = await run.mutateAsync(m);
        if (r.created) message.success(t('assets.ledgerWeb.ran', { month: m, amount: `¥${yuan(r.amountFen)}`, n: r.assetCount }));
        else message.info(t('assets.ledgerWeb.already', { month: m }));
      } catch (e) {
        message.error(e instanceof ApiError ? e.message : String(e));
      }
    },
  });
  const exportAs = (ext: 'xlsx' | 'pdf') => download(`/assets/ledger/export.${ext}`, { month: m }, `asset-ledger.${ext}`).catch((e) => message.error((e as Error).message));

  return (
    <div data-testid="page-asset-ledger">
      <PageHeader title={t('assets.ledgerWeb.title')} sub={l?.schoolName} extra={<>
        <DatePicker picker="month" value={month} onChange={(d) => d && setMonth(d)} allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), 'month')} inputReadOnly={phone} data-testid="ledger-month" />
        {can(ASSET_ACTIONS.run) && <Button icon={<CalculatorOutlined />} onClick={runMonth} loading={run.isPending} disabled={!month.isBefore(dayjs(), 'month')} data-testid="ledger-run">{t('assets.ledgerWeb.run')}</Button>}
        <Button icon={<FileExcelOutlined />} onClick={() => exportAs('xlsx')}>{t('assets.ledgerWeb.exportXlsx')}</Button>
        <Button icon={<FilePdfOutlined />} onClick={() => exportAs('pdf')}>{t('assets.ledgerWeb.exportPdf')}</Button>
      </>} />
      {l && !l.run && <Alert type="info" showIcon title={t('assets.ledgerWeb.notRun')} style={{ marginBottom: 12 }} />}
      {ledger.isError && <Alert type="error" showIcon title={(ledger.error as Error).message} />}
      {phone ? (
        <div data-testid="ledger-table">
          {lines.map((r) => (
            <div key={r.key} className="ant-table-row" style={{ padding: '8px 10px', borderBottom: '1px solid #f0f0f0', background: r.kind === 'total' ? '#fafafa' : '#fff', color: r.kind === 'low' ? '#8c8c8c' : undefined }}>
              <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, paddingLeft: r.level * 14 }}>
                <span style={{ fontWeight: r.level === 0 ? 600 : undefined, overflowWrap: 'anywhere' }}>{r.classCode ? `${r.classCode} ` : ''}{r.className}</span>
                <span style={{ whiteSpace: 'nowrap' }}>{t('assets.ledger.col.count')} {r.count}</span>
              </div>
              <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '0 8px', fontSize: 13, paddingLeft: r.level * 14, marginTop: 2 }}>
                <span>{t('assets.ledger.col.original')} ¥{yuan(r.originalFen)}</span>
                {r.kind !== 'low' && <span>{t('assets.ledger.col.net')} ¥{yuan(r.netFen)}</span>}
                {r.kind !== 'low' && <span>{t('assets.ledger.col.accumulated')} ¥{yuan(r.accumulatedFen)}</span>}
                {r.kind !== 'low' && <span>{t('assets.ledger.col.month')} ¥{yuan(r.monthFen)}</span>}
              </div>
            </div>
          ))}
        </div>
      ) : (
        <Table<Line> rowKey="key" size="small" columns={columns} dataSource={lines} loading={ledger.isPending} pagination={false} data-testid="ledger-table"
          onRow={(r) => ({ style: r.kind === 'total' ? { background: '#fafafa', fontWeight: 600 } : r.kind === 'low' ? { color: '#8c8c8c' } : undefined })} />
      )}
      <Card size="small" title={t('assets.ledgerWeb.runs')} style={{ marginTop: 16 }}>
        <Table size="small" rowKey="month" pagination={false} dataSource={runs.data ?? []} loading={runs.isPending} data-testid="ledger-runs"
          columns={[
            { key: 'month', title: t('assets.ledgerWeb.month'), dataIndex: 'month', width: 100 },
            { key: 'amount', title: t('assets.ledgerWeb.amount'), align: 'right', render: (_, r) => `¥${yuan(r.amountFen)}` },
            { key: 'n', title: t('assets.ledgerWeb.assets'), dataIndex: 'assetCount', align: 'right', width: 90 },
            ...(phone ? [] : [{ key: 'at', title: t('assets.ledgerWeb.ranAt'), render: (_: unknown, r: { ranAt: string }) => fmtTime(r.ranAt) }]),
            { key: 'by', title: t('assets.ledgerWeb.ranBy'), render: (_, r) => r.ranByName ?? <Typography.Text type="secondary">{t('assets.ledgerWeb.system')}</Typography.Text> },
          ]} />
      </Card>
    </div>
  );
}
