import { useState } from 'react';
import { Alert, App, Button, Card, InputNumber, Skeleton, Space, Statistic, Table, Tag } from 'antd';
import { DownloadOutlined, SaveOutlined } from '@ant-design/icons';
import type { CostDay } from '../../../../contracts/canteenSupply';
import { ApiError, download } from '../../../api/client';
import { useCostMonth, useSaveIncome } from '../../../api/canteenSupply';
import { useCan } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { MonthSwitcher } from '../../../components/lists/MonthSwitcher';
import { useMonthParam } from '../../../components/lists/urlParams';
import { useSchoolChoice } from '../../../components/lists/useSchoolChoice';
import { SUPPLY, yuan } from './shared';

/** 成本核算: the month's canteen account — costs, per meal and per student-day, fee income, surplus and margin (公益性), exports. */
export default function CostsPage() {
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const school = useSchoolChoice();
  const [month, setMonth] = useMonthParam();
  const q = useCostMonth(month, school.schoolId);
  const saveIncome = useSaveIncome();
  const [income, setIncome] = useState<number | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const m = q.data;
  const exportAs = async (kind: 'xlsx' | 'pdf') => {
    setBusy(kind);
    try {
      const name = await download(`/canteen/costs/months/${month}/export.${kind}`, { schoolId: school.schoolId }, `canteen-${month}.${kind}`);
      message.success(name);
    } catch (e) { message.error(e instanceof ApiError ? e.message : String(e)); } finally { setBusy(null); }
  };
  const submitIncome = async () => {
    if (income == null || !m) return;
    try {
      await saveIncome.mutateAsync({ month, body: { incomeFen: Math.round(income * 100), ...(m.income.enteredVersion ? { version: m.income.enteredVersion } : {}) } });
      setIncome(null);
    } catch (e) { message.error(e instanceof ApiError ? e.message : String(e)); }
  };
  const served = m?.days.filter((d) => d.meals > 0 || d.costFen > 0) ?? [];
  return (
    <div data-testid="page-canteen-costs">
      <PageHeader title={t('canteen.supply.web.costsTitle')} sub={m ? t('canteen.supply.web.costsSub', { limit: m.marginLimitPercent }) : undefined} extra={<>
        {school.picker}
        <MonthSwitcher month={month} onChange={setMonth} />
        <Button size="large" icon={<DownloadOutlined />} loading={busy === 'xlsx'} onClick={() => exportAs('xlsx')} data-testid="export-xlsx">{t('canteen.supply.web.exportXlsx')}</Button>
        <Button size="large" icon={<DownloadOutlined />} loading={busy === 'pdf'} onClick={() => exportAs('pdf')} data-testid="export-pdf">{t('canteen.supply.web.exportPdf')}</Button>
      </>} />
      {q.isError && <Alert type="error" showIcon title={(q.error as Error).message} />}
      {!m ? <Skeleton active /> : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {m.overLimit
            ? <Alert type="error" showIcon data-testid="margin-flag" title={t('canteen.supply.web.overLimit', { margin: m.marginPercent ?? 0, limit: m.marginLimitPercent })} />
            : m.deficit
              ? <Alert type="warning" showIcon data-testid="deficit-flag" title={t('canteen.supply.web.deficitWarn', { amount: (-m.surplusFen / 100).toFixed(2) })} />
              : m.marginPercent != null && <Alert type="success" showIcon data-testid="margin-ok" title={t('canteen.supply.web.okLimit', { margin: m.marginPercent, limit: m.marginLimitPercent })} />}
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(160px, 1fr))', gap: 12 }}>
            <Card size="small"><Statistic title={t('canteen.supply.cost.costTotal')} value={yuan(m.totals.costFen)} /></Card>
            <Card size="small"><Statistic title={t('canteen.supply.cost.perMeal')} value={yuan(m.totals.perMealFen)} /></Card>
            <Card size="small" data-testid="per-student-day"><Statistic title={t('canteen.supply.cost.perStudentDay')} value={yuan(m.totals.perStudentDayFen)} /></Card>
            <Card size="small"><Statistic title={<span>{t('canteen.supply.cost.income')} <Tag>{t(`canteen.supply.cost.source.${m.income.source}`)}</Tag></span>} value={yuan(m.income.incomeFen)} /></Card>
            <Card size="small"><Statistic title={t(m.surplusFen < 0 ? 'canteen.supply.cost.deficit' : 'canteen.supply.cost.surplus')} value={yuan(m.surplusFen)} valueStyle={{ color: m.surplusFen < 0 ? '#cf1322' : undefined }} /></Card>
            <Card size="small" data-testid="margin"><Statistic title={t('canteen.supply.cost.margin')} value={m.marginPercent == null ? '—' : `${m.marginPercent.toFixed(2)}%`} valueStyle={{ color: m.overLimit ? '#cf1322' : undefined }} /></Card>
          </div>
          <Card size="small">
            <Space wrap>
              <span>{t('canteen.supply.cost.col.students')} {m.totals.students} · {t('canteen.supply.cost.col.staff')} {m.totals.staff} · {t('canteen.supply.cost.col.studentDays')} {m.totals.studentDays} · {t('canteen.supply.cost.studentCost')} {yuan(m.totals.studentCostFen)}</span>
              <span>{t('canteen.supply.cost.source.prices')}：{yuan(m.income.fromPricesFen)}</span>
            </Space>
            {can(SUPPLY.incomeWrite) && !school.district && (
              <div style={{ marginTop: 8, display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
                <InputNumber size="large" min={0} precision={2} inputMode="decimal" placeholder={m.income.enteredFen != null ? (m.income.enteredFen / 100).toFixed(2) : t('canteen.supply.web.enterIncome')}
                  value={income} onChange={setIncome} addonAfter={t('canteen.supply.web.yuan')} style={{ width: 240 }} data-testid="f-income" />
                <Button size="large" icon={<SaveOutlined />} disabled={income == null} loading={saveIncome.isPending} onClick={submitIncome} data-testid="income-save">{t('canteen.supply.web.enterIncome')}</Button>
                <span style={{ color: '#8c8c8c' }}>{t('canteen.supply.web.incomeHint')}</span>
              </div>
            )}
          </Card>
          <Card size="small" title={t('canteen.supply.web.days')}>
            <Table<CostDay> rowKey="date" size="small" pagination={false} dataSource={served} scroll={{ x: 'max-content' }} data-testid="days-table" columns={[
              { key: 'date', title: t('canteen.supply.cost.col.date'), render: (_, d) => d.date },
              { key: 'students', title: t('canteen.supply.cost.col.students'), align: 'right', render: (_, d) => d.students },
              { key: 'staff', title: t('canteen.supply.cost.col.staff'), align: 'right', render: (_, d) => d.staff },
              { key: 'studentDays', title: t('canteen.supply.cost.col.studentDays'), align: 'right', render: (_, d) => d.studentDays },
              { key: 'kitchen', title: t('canteen.supply.cost.col.kitchen'), align: 'right', render: (_, d) => yuan(d.kitchenFen) },
              { key: 'usage', title: t('canteen.supply.cost.col.usage'), align: 'right', render: (_, d) => yuan(d.usageFen) },
              { key: 'cost', title: t('canteen.supply.cost.col.cost'), align: 'right', render: (_, d) => yuan(d.costFen) },
              { key: 'perMeal', title: t('canteen.supply.cost.col.perMeal'), align: 'right', render: (_, d) => yuan(d.perMealFen) },
            ]} />
          </Card>
          <div style={{ color: '#8c8c8c', fontSize: 12 }}>{t('canteen.supply.cost.note')}</div>
        </Space>
      )}
    </div>
  );
}
