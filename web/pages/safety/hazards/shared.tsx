import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Card, Space, Tag, Typography } from 'antd';
import { ClockCircleOutlined, EnvironmentOutlined, UserOutlined, WarningOutlined, CalendarOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Rectification, RectState, Severity } from '../../../../contracts/inspections';
import { useI18n } from '../../../app/i18n';

/** The actions the server's hazards policy declares (the web hides what a person cannot do). */
export const HAZARD_ACTIONS = {
  read: 'hazards.read',
  report: 'hazards.report',
  assign: 'hazards.assign',
  rectify: 'hazards.rectify',
  verify: 'hazards.verify',
  monthly: 'hazards.monthly.read',
  submit: 'hazards.monthly.submit',
  submitted: 'hazards.submitted.read',
} as const;

export const SEVERITY_COLORS: Record<Severity, string> = { low: 'default', medium: 'blue', high: 'orange', critical: 'red' };
export const STATE_COLORS: Record<RectState, string> = { open: 'orange', assigned: 'processing', rectified: 'cyan', closed: 'success' };

export function SeverityTag({ severity }: { severity: Severity }) {
  const { t } = useI18n();
  return <Tag color={SEVERITY_COLORS[severity]} style={{ marginInlineEnd: 0 }} data-testid="hazard-severity">{t(`inspections.severity.${severity}`)}</Tag>;
}

export function RectStateTag({ state }: { state: RectState }) {
  const { t } = useI18n();
  return <Tag color={STATE_COLORS[state]} style={{ marginInlineEnd: 0 }} data-testid="hazard-state">{t(`inspections.state.${state}`)}</Tag>;
}

export function OverdueTag({ overdue }: { overdue: boolean }) {
  const { t } = useI18n();
  if (!overdue) return null;
  return <Tag color="error" icon={<WarningOutlined />} style={{ marginInlineEnd: 0 }} data-testid="hazard-overdue">{t('hazards.web.board.overdueTag')}</Tag>;
}

export const kindLabel = (t: (k: string) => string, kind: string | null) => t(`hazards.kind.${kind ?? 'other'}`);
export const fmtTime = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '');
export const fmtShort = (iso: string | null | undefined) => {
  if (!iso) return '';
  const d = dayjs(iso);
  return d.isSame(dayjs(), 'year') ? d.format('MM-DD HH:mm') : d.format('YYYY-MM-DD HH:mm');
};

/** "剩 3 天" / "逾期 2 天" for a deadline (a day in the school's zone; the browser is in it too). */
export function DeadlineText({ r }: { r: Pick<Rectification, 'deadline' | 'state' | 'overdue'> }) {
  const { t } = useI18n();
  if (!r.deadline) return null;
  const days = dayjs(r.deadline).startOf('day').diff(dayjs().startOf('day'), 'day');
  const waiting = r.state === 'open' || r.state === 'assigned';
  return (
    <span style={{ color: r.overdue ? '#cf1322' : undefined }}>
      <CalendarOutlined /> {r.deadline}
      {waiting && (days < 0 ? ` · ${t('hazards.web.board.daysOver', { days: -days })}` : ` · ${t('hazards.web.board.daysLeft', { days })}`)}
    </span>
  );
}

/** One hazard as a card (phones, and the board's columns): what, where, how serious, who, by when. */
export function HazardCard({ r, extra }: { r: Rectification; extra?: ReactNode }) {
  const { t } = useI18n();
  const thumb = r.photos.after[0] ?? r.photos.before[0];
  return (
    <Card size="small" data-testid="hazard-row" data-id={r.id} styles={{ body: { padding: 12 } }}>
      <Link to={`/safety/hazards/${r.id}`} style={{ color: 'inherit', display: 'flex', gap: 10 }} data-testid="hazard-open">
        <div style={{ flex: 1, minWidth: 0 }}>
          <div style={{ display: 'flex', alignItems: 'center', gap: 6, flexWrap: 'wrap' }}>
            <Typography.Text strong style={{ fontSize: 15 }}>{kindLabel(t, r.kind)}</Typography.Text>
            <SeverityTag severity={r.severity} />
            <RectStateTag state={r.state} />
            <OverdueTag overdue={r.overdue} />
          </div>
          <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: '4px 0 0', color: '#262626', overflowWrap: 'anywhere' }} data-testid="hazard-title">{r.title}</Typography.Paragraph>
          <div style={{ marginTop: 4, color: '#595959', overflowWrap: 'anywhere', fontSize: 13 }}>
            <EnvironmentOutlined style={{ color: '#0f6e5a', marginInlineEnd: 4 }} />{r.locationPath || r.zone || t('common.none')}
          </div>
          <Space size={12} wrap style={{ marginTop: 4, fontSize: 12, color: '#8c8c8c' }}>
            <span><ClockCircleOutlined /> {fmtShort(r.reportedAt)}</span>
            {r.ownerName && <span><UserOutlined /> {r.ownerName}</span>}
            <DeadlineText r={r} />
            {r.source === 'inspection' && <span>{t('inspections.source.inspection')}</span>}
          </Space>
        </div>
        {thumb?.thumbnailUrl && (
          <img src={thumb.thumbnailUrl} alt="" width={64} height={64} style={{ objectFit: 'cover', borderRadius: 6, flex: 'none' }} />
        )}
      </Link>
      {extra && <div style={{ marginTop: 10 }}>{extra}</div>}
    </Card>
  );
}
