import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Button, Card, Skeleton, Space, Spin, Tag, Typography } from 'antd';
import { ScanOutlined, UserAddOutlined, TeamOutlined, FileTextOutlined, SwapOutlined, AimOutlined } from '@ant-design/icons';
import { useI18n } from '../../../app/i18n';
import { useCan } from '../../../app/auth';
import { PageHeader } from '../../../components/PageHeader';
import { useDutyNow, useVisitors } from '../../../api/gate';
import { hm } from './shared';

function BigAction({ to, icon, title, sub, color, testId, extra }: { to: string; icon: ReactNode; title: string; sub: ReactNode; color: string; testId: string; extra?: ReactNode }) {
  return (
    <Link to={to} data-testid={testId} style={{ display: 'block' }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 16, padding: '18px 20px', minHeight: 96, borderRadius: 14, background: color, color: '#fff', boxShadow: '0 2px 8px rgba(0,0,0,0.12)' }}>
        <span style={{ fontSize: 40, lineHeight: 1 }}>{icon}</span>
        <span style={{ flex: 1, minWidth: 0 }}>
          <span style={{ display: 'block', fontSize: 24, fontWeight: 700, letterSpacing: 2 }}>{title}</span>
          <span style={{ display: 'block', fontSize: 14, opacity: 0.9 }}>{sub}</span>
        </span>
        {extra}
      </div>
    </Link>
  );
}

/**
 * 门卫岗: the guard's screen on a phone. Three big actions — scan a pass, register a visitor,
 * who is inside (one tap out) — then who is on duty and the rest of the gate's work.
 */
export default function GatePage() {
  const { t } = useI18n();
  const can = useCan();
  const inside = useVisitors({ inside: true }, { refetchInterval: 60_000 });
  const over = useVisitors({ inside: true, overstay: true }, { refetchInterval: 60_000 });
  const duty = useDutyNow(can('duty.read'));
  const insideCount = inside.data ? inside.data.pages.flatMap((p) => p.items).length : null;
  const more = inside.data?.pages[inside.data.pages.length - 1]?.nextCursor ? '+' : '';
  const overCount = over.data?.pages.flatMap((p) => p.items).length ?? 0;
  const onDuty = duty.data?.now ?? [];

  return (
    <div data-testid="page-gate" style={{ maxWidth: 640, margin: '0 auto' }}>
      <PageHeader title={t('gate.home.title')} />
      <Space orientation="vertical" size={14} style={{ width: '100%' }}>
        {can('gate.passes.verify') && <BigAction to="/safety/gate/scan" icon={<ScanOutlined />} title={t('gate.home.scan')} sub={t('gate.home.scanSub')} color="#0f6e5a" testId="gate-scan" />}
        {can('gate.visitors.write') && <BigAction to="/safety/gate/visitors/new" icon={<UserAddOutlined />} title={t('gate.home.register')} sub={t('gate.home.registerSub')} color="#1f5fae" testId="gate-register" />}
        <BigAction to="/safety/gate/visitors?inside=true" icon={<TeamOutlined />} title={t('gate.home.inside')} color="#7a4fb0" testId="gate-inside"
          sub={<>{insideCount === null ? '…' : t('gate.home.insideSub', { count: `${insideCount}${more}` })}{overCount ? <> · <span style={{ fontWeight: 700 }}>{t('gate.home.overstay', { count: overCount })}</span></> : null}</>}
          extra={insideCount === null ? <Spin /> : <span style={{ fontSize: 36, fontWeight: 700 }} data-testid="gate-inside-count">{insideCount}{more}</span>} />
        {can('duty.read') && (
          <Card size="small" title={t('gate.home.onDuty')} data-testid="gate-on-duty">
            {duty.isPending ? <Skeleton active paragraph={{ rows: 1 }} title={false} /> : onDuty.length ? (
              <Space orientation="vertical" size={6} style={{ width: '100%' }}>
                {onDuty.map((s) => (
                  <div key={s.id} style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
                    <Tag color={s.kind === 'gate' ? 'green' : s.kind === 'leader' ? 'gold' : 'blue'}>{t(`duty.kindShort.${s.kind}`)}</Tag>
                    <Typography.Text strong>{s.userName}</Typography.Text>
                    {s.userPhone && <a href={`tel:${s.userPhone}`}>{s.userPhone}</a>}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('duty.roster.time', { from: hm(s.startsAt), to: hm(s.endsAt) })}</Typography.Text>
                  </div>
                ))}
              </Space>
            ) : <Typography.Text type="secondary">{t('gate.home.nobodyOnDuty')}</Typography.Text>}
          </Card>
        )}
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, minmax(0, 1fr))', gap: 8 }}>
          {can('gate.passes.read') && <Link to="/safety/gate/passes"><Button block size="large" icon={<FileTextOutlined />} style={{ height: 56 }}>{t('gate.home.passes')}</Button></Link>}
          {can('duty.handover.write') && <Link to="/safety/duty/handovers"><Button block size="large" icon={<SwapOutlined />} style={{ height: 56 }}>{t('gate.home.handover')}</Button></Link>}
          {can('patrol.walk') && <Link to="/safety/patrols"><Button block size="large" icon={<AimOutlined />} style={{ height: 56 }}>{t('gate.home.patrol')}</Button></Link>}
        </div>
      </Space>
    </div>
  );
}
