import { Link, useNavigate, useSearchParams } from 'react-router';
import { App, Button, Card, Segmented, Space, Tag, Typography } from 'antd';
import { AimOutlined, BarChartOutlined, NodeIndexOutlined, RightOutlined } from '@ant-design/icons';
import type { Patrol, PatrolRoute } from '../../../../contracts/safetyGate';
import { ApiError } from '../../../api/client';
import { useI18n } from '../../../app/i18n';
import { useCan } from '../../../app/auth';
import { PageHeader } from '../../../components/PageHeader';
import { usePatrolRoutes, usePatrols, useStartPatrol } from '../../../api/gate';
import { ListFrame, cardGrid, hm, when } from './shared';

const KIND_COLORS = { key_area: 'blue', dorm_night: 'purple', fire: 'red' } as const;

function PatrolCard({ p }: { p: Patrol }) {
  const { t } = useI18n();
  return (
    <Link to={`/safety/patrols/${p.id}`} data-testid="patrol-card">
      <Card size="small" hoverable title={<Space size={6} wrap><Tag color={KIND_COLORS[p.kind]}>{t(`patrol.kind.${p.kind}`)}</Tag>{p.routeName}</Space>}
        extra={p.state === 'in_progress' ? <Tag color="processing">{t('patrol.list.walking')}</Tag> : null}>
        <Space orientation="vertical" size={2}>
          <Typography.Text>{p.patrollerName} · {when(p.startedAt)}{p.finishedAt ? ` – ${hm(p.finishedAt)}` : ''}</Typography.Text>
          <Space size={4} wrap>
            <Tag>{t('patrol.walk.progress', { done: p.scannedCount, total: p.expectedCount })}</Tag>
            {p.missedCount > 0 && <Tag color="red">{t('patrol.walk.missed')} {p.missedCount}</Tag>}
            {p.lateCount > 0 && <Tag color="gold">{t('patrol.walk.late')} {p.lateCount}</Tag>}
          </Space>
        </Space>
      </Card>
    </Link>
  );
}

/** 安全巡查: start a patrol on a route, continue one in progress, and the record of patrols. */
export default function PatrolsPage() {
  const { t } = useI18n();
  const can = useCan();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const view = params.get('view') ?? 'all';
  const routes = usePatrolRoutes({ active: true });
  const start = useStartPatrol();
  const walking = usePatrols({ state: 'in_progress', mine: true }, );
  const list = usePatrols({ mine: view === 'mine' ? true : undefined, flagged: view === 'flagged' ? true : undefined });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const mineNow = walking.data?.pages.flatMap((p) => p.items) ?? [];
  const begin = async (r: PatrolRoute) => {
    try {
      const p = await start.mutateAsync(r.id);
      navigate(`/safety/patrols/${p.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'patrol.alreadyWalking') {
        const existing = mineNow.find((x) => x.routeId === r.id);
        if (existing) { navigate(`/safety/patrols/${existing.id}`); return; }
      }
      message.error((e as Error).message);
    }
  };
  return (
    <div data-testid="page-patrols">
      <PageHeader title={t('patrol.list.title')} extra={<>
        <Link to="/safety/patrols/figures"><Button icon={<BarChartOutlined />}>{t('patrol.list.figures')}</Button></Link>
        <Link to="/safety/patrols/routes"><Button icon={<NodeIndexOutlined />}>{t('patrol.list.routes')}</Button></Link>
      </>} />
      {mineNow.length > 0 && (
        <Space orientation="vertical" style={{ width: '100%', marginBottom: 12 }}>
          {mineNow.map((p) => (
            <Link key={p.id} to={`/safety/patrols/${p.id}`}>
              <Button type="primary" size="large" block style={{ height: 56, fontSize: 17 }} icon={<RightOutlined />} data-testid="patrol-continue">
                {t('patrol.list.continue')}：{p.routeName}（{t('patrol.walk.progress', { done: p.scannedCount, total: p.expectedCount })}）
              </Button>
            </Link>
          ))}
        </Space>
      )}
      {can('patrol.walk') && (
        <Card size="small" title={t('patrol.list.start')} style={{ marginBottom: 12 }}>
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: 8 }}>
            {(routes.data ?? []).map((r) => (
              <Button key={r.id} size="large" icon={<AimOutlined />} loading={start.isPending} onClick={() => begin(r)} data-testid="patrol-start"
                style={{ height: 64, whiteSpace: 'normal', lineHeight: 1.2, textAlign: 'left' }}>
                <span><span style={{ display: 'block', fontWeight: 600 }}>{r.name}</span>
                  <span style={{ fontSize: 12, opacity: 0.75 }}>{t(`patrol.kind.${r.kind}`)} · {t('patrol.routes.count', { n: r.checkpoints.filter((c) => c.active).length })}</span></span>
              </Button>
            ))}
          </div>
          {routes.data && !routes.data.length && <Typography.Text type="secondary">{t('patrol.routes.empty')}</Typography.Text>}
        </Card>
      )}
      <Segmented value={view} onChange={(v) => setParams(v === 'all' ? {} : { view: String(v) }, { replace: true })} style={{ marginBottom: 12 }}
        options={[{ value: 'all', label: t('common.all') }, { value: 'mine', label: t('patrol.list.mine') }, { value: 'flagged', label: t('patrol.list.flagged') }]} />
      <ListFrame q={list} count={items.length} empty={t('patrol.list.empty')}>
        <div style={cardGrid} data-testid="patrol-list">{items.map((p) => <PatrolCard key={p.id} p={p} />)}</div>
      </ListFrame>
    </div>
  );
}
