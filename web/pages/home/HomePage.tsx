import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Card, Col, Empty, Row, Skeleton, Statistic, Table, Tag, Typography } from 'antd';
import { EnvironmentOutlined, IdcardOutlined, TeamOutlined, HomeOutlined, ReadOutlined, BuildOutlined, RightOutlined, ToolOutlined } from '@ant-design/icons';
import type { OrgSummary, School } from '../../../contracts/org';
import { useSchools, useSummary } from '../../api/hooks';
import { useCan, useCurrentUser } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { PageHeader } from '../../components/PageHeader';
import { useIsPhone } from '../../components/useIsPhone';
import { LOCATION_TYPE_COLORS } from '../../components/colors';

interface Figure { key: keyof OrgSummary; labelKey: string; icon: ReactNode; to: string; action: string; color: string }

const FIGURES: Figure[] = [
  { key: 'locations', labelKey: 'home.locations', icon: <EnvironmentOutlined />, to: '/org/locations', action: 'org.structure.read', color: '#0f6e5a' },
  { key: 'staff', labelKey: 'home.staff', icon: <IdcardOutlined />, to: '/users', action: 'org.staff.read', color: '#1677ff' },
  { key: 'students', labelKey: 'home.students', icon: <TeamOutlined />, to: '/org/students', action: 'org.students.read', color: '#722ed1' },
  { key: 'boarders', labelKey: 'home.boarders', icon: <HomeOutlined />, to: '/org/students?boarder=true', action: 'org.students.read', color: '#d46b08' },
  { key: 'classes', labelKey: 'home.classes', icon: <ReadOutlined />, to: '/org/classes', action: 'org.structure.read', color: '#c41d7f' },
  { key: 'buildings', labelKey: 'home.buildings', icon: <BuildOutlined />, to: '/org/buildings', action: 'org.structure.read', color: '#08979c' },
];

/** With a school chosen (district view), lists open narrowed to it. */
const withSchool = (to: string, schoolId?: number) => (schoolId ? `${to}${to.includes('?') ? '&' : '?'}schoolId=${schoolId}` : to);

function FigureCards({ summary, schoolId, compact }: { summary: OrgSummary; schoolId?: number; compact?: boolean }) {
  const { t } = useI18n();
  const can = useCan();
  return (
    <Row gutter={[12, 12]}>
      {FIGURES.map((f) => {
        const card = (
          <Card size="small" hoverable={can(f.action)} data-testid={`figure-${f.key}`} styles={{ body: { padding: compact ? '10px 12px' : '14px 16px' } }}>
            <Statistic title={<span style={{ whiteSpace: 'nowrap' }}><span style={{ color: f.color, marginInlineEnd: 6 }}>{f.icon}</span>{t(f.labelKey)}</span>}
              value={summary[f.key] as number} styles={{ content: { fontWeight: 600, fontSize: compact ? 20 : undefined } }} />
          </Card>
        );
        return (
          <Col key={f.key} xs={compact ? 8 : 12} sm={8} lg={compact ? 8 : 4}>
            {can(f.action) ? <Link to={withSchool(f.to, schoolId)} aria-label={t(f.labelKey)}>{card}</Link> : card}
          </Col>
        );
      })}
    </Row>
  );
}

function TypeBreakdown({ summary, schoolId }: { summary: OrgSummary; schoolId?: number }) {
  const { t } = useI18n();
  const entries = Object.entries(summary.locationsByType).sort((a, b) => b[1] - a[1]);
  const max = Math.max(1, ...entries.map(([, n]) => n));
  if (!entries.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.noTypes')} />;
  return (
    <div style={{ display: 'grid', gap: 6 }} data-testid="type-breakdown">
      {entries.map(([type, n]) => (
        <Link key={type} to={withSchool(`/org/locations?type=${type}`, schoolId)} style={{ display: 'grid', gridTemplateColumns: '96px 1fr 40px', alignItems: 'center', gap: 8, color: 'inherit' }}>
          <span><Tag color={LOCATION_TYPE_COLORS[type]} style={{ marginInlineEnd: 0 }}>{t(`enums.locationType.${type}`)}</Tag></span>
          <span style={{ background: '#f0f0f0', borderRadius: 4, height: 10, overflow: 'hidden' }}>
            <span style={{ display: 'block', height: '100%', width: `${(n / max) * 100}%`, background: '#0f6e5a', opacity: 0.75 }} />
          </span>
          <span style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>{n}</span>
        </Link>
      ))}
    </div>
  );
}

function SchoolHome() {
  const { t } = useI18n();
  const summary = useSummary();
  if (summary.isError) return <Alert type="error" showIcon title={(summary.error as Error).message} />;
  if (!summary.data) return <Skeleton active />;
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 0 }}>{t('home.figures')}</Typography.Title>
      <FigureCards summary={summary.data} />
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('home.byType')}><TypeBreakdown summary={summary.data} /></Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('home.todoTitle')}>
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t('home.todoNote')}</Typography.Paragraph>
          </Card>
        </Col>
      </Row>
    </>
  );
}

/** One school's figures in the district view (one summary request per school). */
function SchoolRow({ school }: { school: School }) {
  const { t } = useI18n();
  const s = useSummary(school.id);
  return (
    <Card size="small" style={{ marginBottom: 12 }} data-testid={`district-school-${school.id}`}
      title={<span>{school.name} {school.stage && <Tag>{t(`enums.schoolStage.${school.stage}`)}</Tag>}{school.boarding && <Tag color="orange">{t('school.boardingSchool')}</Tag>}</span>}
      extra={<Link to={`/org/locations?schoolId=${school.id}`}>{t('home.openSchool')} <RightOutlined /></Link>}>
      {s.data ? (
        <Row gutter={[12, 12]}>
          <Col xs={24} lg={14}><FigureCards summary={s.data} schoolId={school.id} compact /></Col>
          <Col xs={24} lg={10}><TypeBreakdown summary={s.data} schoolId={school.id} /></Col>
        </Row>
      ) : s.isError ? <Alert type="error" title={(s.error as Error).message} /> : <Skeleton active />}
    </Card>
  );
}

function DistrictHome() {
  const { t } = useI18n();
  const phone = useIsPhone();
  const schools = useSchools();
  const total = useSummary();
  const list = schools.data?.items ?? [];
  return (
    <>
      {total.data && (
        <Card size="small" title={`${t('home.districtTotal')} · ${t('home.schoolCount', { count: list.length })}`} style={{ marginBottom: 12 }}>
          <Table size="small" pagination={false} rowKey="key" scroll={phone ? { x: 'max-content' } : undefined}
            dataSource={[{ key: 'total', ...total.data }]}
            columns={FIGURES.map((f) => ({ key: f.key, title: t(f.labelKey), dataIndex: f.key, render: (n: number) => n.toLocaleString() }))} />
        </Card>
      )}
      <Typography.Title level={5}>{t('home.districtSchools')}</Typography.Title>
      {schools.isPending ? <Skeleton active /> : list.map((s) => <SchoolRow key={s.id} school={s} />)}
    </>
  );
}

export default function HomePage() {
  const { t } = useI18n();
  const me = useCurrentUser();
  const can = useCan();
  return (
    <div data-testid="page-home">
      <PageHeader title={t('home.greeting', { name: me.name })} sub={me.roles.map((r) => t(`enums.role.${r}`)).join('、') + ' · ' + me.schoolName}
        extra={can('repairs.order.report') && <Link to="/repairs/new" data-testid="repair-report"><Button type="primary" size="large" icon={<ToolOutlined />}>{t('repairs.menu.reportCta')}</Button></Link>} />
      {me.schoolKind === 'bureau' ? <DistrictHome /> : <SchoolHome />}
    </div>
  );
}
