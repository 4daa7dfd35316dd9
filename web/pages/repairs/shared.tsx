import { useCallback, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Card, Space, Tag, Typography } from 'antd';
import { EnvironmentOutlined, UserOutlined, ClockCircleOutlined, WarningOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { RepairOrder, RepairState, Urgency } from '../../../contracts/repairs';
import { useRepairSettings } from '../../api/repairs';
import { useI18n, type T } from '../../app/i18n';

/** Who may use which repairs page (the actions the server's repairs policy declares). */
export const REPAIR_ACTIONS = {
  report: 'repairs.order.report',
  read: 'repairs.order.read',
  dispatch: 'repairs.order.dispatch',
  work: 'repairs.order.work',
  log: 'repairs.log.read',
  stats: 'repairs.stats.read',
  workers: 'repairs.workers.read',
  plansRead: 'repairs.plans.read',
  plansWrite: 'repairs.plans.write',
  rulesRead: 'repairs.rules.read',
  rulesWrite: 'repairs.rules.write',
  settingsWrite: 'repairs.settings.write',
} as const;

/** States an order is still being worked on. */
export const OPEN_STATES: RepairState[] = ['reported', 'dispatched', 'in_progress', 'reopened'];
export const DONE_STATES: RepairState[] = ['closed', 'cancelled'];

export const STATE_COLORS: Record<RepairState, string> = {
  reported: 'orange', dispatched: 'blue', in_progress: 'processing', completed: 'cyan', closed: 'success', cancelled: 'default', reopened: 'magenta',
};
export const URGENCY_COLORS: Record<Urgency, string> = { urgent: 'red', normal: 'default', planned: 'purple' };

export function StateTag({ state }: { state: RepairState }) {
  const { t } = useI18n();
  return <Tag color={STATE_COLORS[state]} style={{ marginInlineEnd: 0 }} data-testid="repair-state">{t(`enums.repairState.${state}`)}</Tag>;
}

export function UrgencyTag({ urgency, plannedDate }: { urgency: Urgency; plannedDate?: string | null }) {
  const { t } = useI18n();
  if (urgency === 'normal') return null;
  return <Tag color={URGENCY_COLORS[urgency]} style={{ marginInlineEnd: 0 }}>{t(`enums.urgency.${urgency}`)}{urgency === 'planned' && plannedDate ? ` ${plannedDate}` : ''}</Tag>;
}

export function OverdueTag({ overdue }: { overdue: boolean }) {
  const { t } = useI18n();
  if (!overdue) return null;
  return <Tag color="error" icon={<WarningOutlined />} style={{ marginInlineEnd: 0 }}>{t('repairs.common.overdue')}</Tag>;
}

/** Category code → its name in the reader's language (from the school's setting). */
export function useCategoryLabel() {
  const { locale } = useI18n();
  const { settings } = useRepairSettings();
  return useCallback((code: string) => {
    const c = settings.categories.find((x) => x.code === code);
    return c ? (locale === 'zh-CN' ? c.zh : c.en) : code;
  }, [settings.categories, locale]);
}

export const fmtTime = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '');
export const fmtShort = (iso: string | null | undefined) => {
  if (!iso) return '';
  const d = dayjs(iso);
  return d.isSame(dayjs(), 'year') ? d.format('MM-DD HH:mm') : d.format('YYYY-MM-DD HH:mm');
};

/** Minutes in the unit a person would say: 45 分钟, 3.5 小时, 2.1 天. */
export function fmtMinutes(min: number | null | undefined, t: T): string {
  if (min == null) return t('common.none');
  if (min < 60) return t('repairs.common.minutes', { n: Math.round(min) });
  if (min < 48 * 60) return t('repairs.common.hours', { n: Math.round((min / 60) * 10) / 10 });
  return t('repairs.common.days', { n: Math.round((min / 1440) * 10) / 10 });
}

export const pct = (share: number | null | undefined) => (share == null ? '—' : `${Math.round(share * 1000) / 10}%`);

/** Items used on an order in one line: "灯管 2 支、开关 1 个". */
export function itemsText(items: { name: string; quantity: number; unit: string | null }[], sep = '、'): string {
  return items.map((i) => `${i.name} ${i.quantity}${i.unit ? ` ${i.unit}` : ''}`).join(sep);
}

/** One order as a card (phones, my reports, the worker's queue): code, state, place, fault, people. */
export function RepairCard({ order, extra, showReporter = true, showAssignee = true }: { order: RepairOrder; extra?: ReactNode; showReporter?: boolean; showAssignee?: boolean }) {
  const { t } = useI18n();
  const category = useCategoryLabel();
  return (
    <Card size="small" data-testid="repair-row" data-code={order.code} styles={{ body: { padding: 12 } }}>
      <Link to={`/repairs/${order.id}`} style={{ color: 'inherit', display: 'block' }} data-testid="repair-open">
        <div style={{ display: 'flex', alignItems: 'center', gap: 6, flexWrap: 'wrap' }}>
          <Typography.Text strong style={{ fontSize: 15 }}>{category(order.category)}</Typography.Text>
          <StateTag state={order.state} />
          <UrgencyTag urgency={order.urgency} plannedDate={order.plannedDate} />
          <OverdueTag overdue={order.overdue} />
          <Typography.Text type="secondary" style={{ marginInlineStart: 'auto', fontSize: 12 }}>{order.code}</Typography.Text>
        </div>
        <div style={{ marginTop: 6, color: '#262626', overflowWrap: 'anywhere' }}>
          <EnvironmentOutlined style={{ color: '#0f6e5a', marginInlineEnd: 4 }} />{order.locationPath || order.locationName}
        </div>
        <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: '4px 0 0', color: '#595959' }}>{order.description}</Typography.Paragraph>
        <Space size={12} wrap style={{ marginTop: 6, fontSize: 12, color: '#8c8c8c' }}>
          <span><ClockCircleOutlined /> {fmtShort(order.reportedAt)}</span>
          {showReporter && <span>{t('repairs.common.reporterShort', { name: order.reporterName })}</span>}
          {showAssignee && order.assigneeName && <span><UserOutlined /> {order.assigneeName}</span>}
          {order.rating != null && <span>{'★'.repeat(order.rating)}</span>}
        </Space>
      </Link>
      {extra && <div style={{ marginTop: 10 }}>{extra}</div>}
    </Card>
  );
}
