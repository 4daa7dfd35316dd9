import { useMemo } from 'react';
import { DatePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useI18n } from '../../app/i18n';
import { useIsPhone } from '../../components/useIsPhone';

/** Quick periods: this month, last month, this year; the API's default is the current term. */
function usePresets() {
  const { t } = useI18n();
  return useMemo(() => [
    { label: t('repairs.period.thisMonth'), value: [dayjs().startOf('month'), dayjs().endOf('month')] as [Dayjs, Dayjs] },
    { label: t('repairs.period.lastMonth'), value: [dayjs().subtract(1, 'month').startOf('month'), dayjs().subtract(1, 'month').endOf('month')] as [Dayjs, Dayjs] },
    { label: t('repairs.period.last30'), value: [dayjs().subtract(29, 'day'), dayjs()] as [Dayjs, Dayjs] },
    { label: t('repairs.period.thisYear'), value: [dayjs().startOf('year'), dayjs().endOf('year')] as [Dayjs, Dayjs] },
  ], [t]);
}

/** A period picker whose empty value means "the current term" (the API's default). */
export function PeriodPicker({ from, to, onChange, width }: { from?: string; to?: string; onChange: (from: string | null, to: string | null) => void; width?: number | string }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const presets = usePresets();
  return (
    <DatePicker.RangePicker presets={presets} style={{ width: width ?? (phone ? '100%' : 260) }} inputReadOnly={phone} data-testid="period-picker"
      value={from && to ? [dayjs(from), dayjs(to)] : null} allowClear
      placeholder={[t('repairs.period.termStart'), t('repairs.period.termEnd')]}
      onChange={(r) => onChange(r?.[0]?.format('YYYY-MM-DD') ?? null, r?.[1]?.format('YYYY-MM-DD') ?? null)} />
  );
}

