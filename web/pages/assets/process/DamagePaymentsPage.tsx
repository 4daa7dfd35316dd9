import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Card, DatePicker, Empty, Skeleton, Space, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { download } from '../../../api/client';
import { usePayments } from '../../../api/assetsProcess';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { useIsPhone } from '../../../components/useIsPhone';
import { LoadError, yuan } from './shared';

/** Money received for damage: income the finance module will book; the accountant's list and export until then. */
export default function DamagePaymentsPage() {
  const { t } = useI18n();
  const phone = useIsPhone();
  const { message } = App.useApp();
  const [range, setRange] = useState<[dayjs.Dayjs, dayjs.Dayjs]>([dayjs().startOf('month'), dayjs().endOf('month')]);
  const query = { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') };
  const q = usePayments(query);
  const items = q.data?.items ?? [];
  return (
    <div data-testid="page-damage-payments">
      <PageHeader title={t('damage.payments.title')} extra={
        <Button icon={<DownloadOutlined />} size={phone ? 'large' : 'middle'} data-testid="payments-export"
          onClick={async () => { try { await download('/damage-reports/payments/export', query, 'payments.xlsx'); } catch (e) { message.error((e as Error).message); } }}>{t('damage.payments.export')}</Button>
      } />
      <Alert type="info" showIcon title={t('damage.payments.hint')} style={{ marginBottom: 12 }} />
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker.RangePicker value={range} inputReadOnly={phone} allowClear={false} onChange={(r) => r?.[0] && r[1] && setRange([r[0], r[1]])} />
        {q.data && <Typography.Text strong data-testid="payments-total">{t('damage.payments.total', { count: q.data.count, amount: yuan(q.data.totalFen) })}</Typography.Text>}
      </Space>
      {q.isError ? <LoadError error={q.error} retry={() => q.refetch()} /> : q.isPending ? <Skeleton active /> : !items.length ? <Empty description={t('damage.payments.empty')} /> : phone ? (
        <div style={{ display: 'grid', gap: 8 }}>
          {items.map((p) => (
            <Card key={p.id} size="small" styles={{ body: { padding: 10 } }}>
              <Space style={{ width: '100%', justifyContent: 'space-between' }}><strong>¥{yuan(p.amountFen)}</strong><span>{p.paidOn}</span></Space>
              <div style={{ fontSize: 13 }}>{p.receiptNo} · <Link to={`/assets/damage/${p.reportId}`}>{p.reportCode}</Link></div>
              <div style={{ fontSize: 12, color: '#8c8c8c' }}>{p.assetName} · {p.responsibleName ?? '—'} · {p.receivedByName}</div>
            </Card>
          ))}
        </div>
      ) : (
        <Table rowKey="id" size="small" dataSource={items} pagination={false} data-testid="payments-table"
          columns={[
            { key: 'on', title: t('damage.payments.col.paidOn'), dataIndex: 'paidOn', width: 110 },
            { key: 'receipt', title: t('damage.payments.col.receiptNo'), dataIndex: 'receiptNo', width: 130 },
            { key: 'amount', title: t('damage.payments.col.amount'), align: 'right', width: 120, render: (_, p) => yuan(p.amountFen) },
            { key: 'report', title: t('damage.payments.col.report'), width: 130, render: (_, p) => <Link to={`/assets/damage/${p.reportId}`}>{p.reportCode}</Link> },
            { key: 'asset', title: t('damage.payments.col.asset'), render: (_, p) => `${p.assetCode} ${p.assetName}` },
            { key: 'party', title: t('damage.payments.col.party'), render: (_, p) => p.responsibleName ?? '—' },
            { key: 'payer', title: t('damage.payments.col.payer'), render: (_, p) => p.payerName ?? '—' },
            { key: 'by', title: t('damage.payments.col.receivedBy'), dataIndex: 'receivedByName', width: 100 },
          ]} />
      )}
    </div>
  );
}
