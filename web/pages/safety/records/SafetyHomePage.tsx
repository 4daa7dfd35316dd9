import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Alert, Card, Col, Row, Skeleton, Tag, Typography } from 'antd';
import {
  AlertOutlined, BookOutlined, CarryOutOutlined, ClockCircleOutlined, FileProtectOutlined, FireOutlined, IdcardOutlined,
  SafetyCertificateOutlined, SafetyOutlined, TeamOutlined, WarningOutlined, ExportOutlined, EyeOutlined, ToolOutlined, AuditOutlined, StopOutlined,
} from '@ant-design/icons';
import dayjs from 'dayjs';
import type { SafetyHome } from '../../../../contracts/safetyRecords';
import type { InvestigationState } from '../../../../contracts/safetyHazards';
import { useSafetyHome } from '../../../api/safetyRecords';
import { useCan } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import type { NavItem } from '../../../app/nav';
import { PageHeader } from '../../../components/PageHeader';
import { gateNav } from '../gate/routes';
import { hazardsNav } from '../hazards/routes';
import { MonthSwitcher } from '../../../components/lists/MonthSwitcher';
import { useMonthParam } from '../../../components/lists/urlParams';
import { useSchoolChoice } from '../../../components/lists/useSchoolChoice';
import { SAFETY, fmtSeconds } from './shared';

type Tone = 'good' | 'warn' | 'bad' | 'plain';
const TONES: Record<Tone, string> = { good: '#389e0d', warn: '#d46b08', bad: '#cf1322', plain: '#1f1f1f' };

interface Figure { key: string; label: string; value: ReactNode; sub?: ReactNode; icon: ReactNode; tone: Tone; to?: string; action?: string }

/** The list behind a gate or hazards figure: the other parts' menu items, by key (else by what the path says; never a form). */
function pathIn(items: NavItem[], key: string, ...words: string[]): { to?: string; action?: string } {
  const hit = items.find((i) => i.key === key) ?? items.find((i) => !i.path.endsWith('/new') && words.some((w) => i.path.includes(w)));
  return hit ? { to: hit.path, action: Array.isArray(hit.action) ? hit.action[0] : hit.action } : {};
}

/** The month's hazard investigation (每月一次安全隐患排查): done → its record; otherwise → start one on the monthly checklist. */
function investigationFigure(v: InvestigationState, t: ReturnType<typeof useI18n>['t']): Figure {
  const tone: Tone = v.state === 'done' ? 'good' : v.state === 'overdue' ? 'bad' : v.state === 'due' ? 'warn' : 'plain';
  const sub = v.state === 'done' ? t('hazards.web.investigation.doneOn', { date: v.doneOn ?? '' })
    : v.state === 'overdue' ? t('hazards.web.investigation.overdueSince', { date: v.dueOn }) : t('hazards.web.investigation.dueBy', { date: v.dueOn });
  const link = v.state === 'done' && v.inspectionId ? { to: `/inspections/${v.inspectionId}`, action: 'inspections.inspection.read' }
    : v.state !== 'upcoming' ? { to: v.templateId ? `/inspections?start=1&templateId=${v.templateId}` : '/inspections?start=1', action: 'inspections.inspection.write' } : {};
  return { key: 'investigation', icon: <SafetyOutlined />, label: t('hazards.web.investigation.title'), tone, value: t(`hazards.web.investigation.${v.state}`), sub, ...link };
}

function figures(h: SafetyHome, t: ReturnType<typeof useI18n>['t'], q: string, current: boolean): Figure[] {
  const d = h.drills;
  const e = h.education;
  const drillTone: Tone = d.doneThisMonth > 0 ? 'good' : !d.expected ? 'plain' : current ? 'warn' : 'bad';
  const out: Figure[] = [
    {
      key: 'drill', icon: <FireOutlined />, label: t('safety.home.drillThisMonth'), tone: drillTone, to: `/safety/drills${q}`, action: SAFETY.drillsRead,
      value: d.doneThisMonth > 0 ? t('safety.home.drillsN', { n: d.doneThisMonth }) : !d.expected ? t('safety.monthStatus.holiday') : current ? t('safety.monthStatus.due') : t('safety.monthStatus.missing'),
      sub: d.missingMonths ? <span style={{ color: TONES.bad }}>{t('safety.home.missingMonths', { n: d.missingMonths })}</span> : t('safety.home.noMissing'),
    },
    {
      key: 'evacuation', icon: <ClockCircleOutlined />, label: t('safety.home.lastEvacuation'), tone: !d.last || d.last.evacuationSeconds == null ? 'plain' : d.last.slow ? 'bad' : 'good',
      to: d.last ? `/safety/drills/${d.last.id}` : `/safety/drills${q}`, action: SAFETY.drillsRead,
      value: d.last ? fmtSeconds(d.last.evacuationSeconds, t) : t('common.none'),
      sub: d.last ? `${d.last.heldOn} · ${t(`safety.kind.${d.last.scenario}`)} · ${t('safety.home.target', { s: d.targetSeconds })}` : t('safety.home.noDrill'),
    },
    {
      key: 'classes', icon: <TeamOutlined />, label: t('safety.home.classSessions'), tone: !e.schoolMonth ? 'plain' : e.classesShort ? (current ? 'warn' : 'bad') : 'good',
      to: `/safety/education${q}${q ? '&' : '?'}tab=compliance`, action: SAFETY.educationRead,
      value: e.schoolMonth ? t('safety.home.classesShort', { n: e.classesShort }) : t('safety.monthStatus.holiday'),
      sub: t('safety.home.classesTotal', { n: e.classes }),
    },
    {
      key: 'meetings', icon: <BookOutlined />, label: t('safety.home.meetings'), tone: e.meetingsTerm >= e.meetingsRequired ? 'good' : 'warn',
      to: `/safety/education${q}${q ? '&' : '?'}kind=meeting`, action: SAFETY.educationRead,
      value: `${e.meetingsTerm} / ${e.meetingsRequired}`, sub: t('safety.home.meetingsRule'),
    },
    {
      key: 'agreements', icon: <IdcardOutlined />, label: t('safety.home.unsigned', { year: h.agreements.year }), tone: h.agreements.unsigned ? 'warn' : 'good',
      to: `/safety/agreements?year=${h.agreements.year}&signed=false${q ? '&' + q.slice(1) : ''}`, action: SAFETY.agreementsRead,
      value: h.agreements.unsigned, sub: t('safety.home.postsTotal', { n: h.agreements.posts }),
    },
    {
      key: 'incidents', icon: <AlertOutlined />, label: t('safety.home.incidentsMonth'), tone: h.incidents.month ? 'warn' : 'good',
      to: `/safety/incidents?from=${h.month}-01&to=${dayjs(`${h.month}-01`).endOf('month').format('YYYY-MM-DD')}${q ? '&' + q.slice(1) : ''}`, action: SAFETY.incidentsRead,
      value: h.incidents.month, sub: t('safety.home.incidentsYear', { n: h.incidents.year }),
    },
    {
      key: 'veto', icon: h.veto ? <StopOutlined /> : <SafetyCertificateOutlined />, label: t('safety.home.veto', { year: h.agreements.year }), tone: h.veto ? 'bad' : 'good',
      to: `/safety/incidents?accident=true&year=${h.agreements.year}${q ? '&' + q.slice(1) : ''}`, action: SAFETY.incidentsRead,
      value: h.veto ? t('safety.home.vetoed') : t('safety.home.notVetoed'), sub: t('safety.home.accidentsYear', { n: h.incidents.accidentsYear }),
    },
    {
      key: 'plans', icon: <FileProtectOutlined />, label: t('safety.home.plans'), tone: h.plans.unapproved ? 'warn' : 'good', to: `/safety/plans${q}`, action: SAFETY.plansRead,
      value: h.plans.active, sub: h.plans.unapproved ? t('safety.home.unapproved', { n: h.plans.unapproved }) : t('safety.home.allApproved'),
    },
  ];
  if (h.gate) {
    const g = h.gate;
    out.push(
      { key: 'visitors', icon: <EyeOutlined />, label: t('safety.home.visitors'), tone: 'plain', value: g.visitorsMonth, sub: t('safety.home.insideNow', { n: g.insideNow }), ...pathIn(gateNav, 'gate-visitors', 'visitor') },
      { key: 'passes', icon: <ExportOutlined />, label: t('safety.home.passes'), tone: 'plain', value: g.passesMonth, sub: t('safety.home.exits', { n: g.exitsMonth }), ...pathIn(gateNav, 'gate-passes', 'pass') },
      {
        key: 'patrols', icon: <CarryOutOutlined />, label: t('safety.home.patrols'), tone: g.patrolDaysShort || g.missedCheckpointsMonth ? 'warn' : 'good', value: g.patrolsMonth,
        sub: t('safety.home.patrolShort', { days: g.patrolDaysShort, missed: g.missedCheckpointsMonth }), ...pathIn(gateNav, 'patrols', 'patrol'),
      },
    );
  }
  if (h.hazards) {
    const z = h.hazards;
    out.push(
      { key: 'hazards', icon: <WarningOutlined />, label: t('safety.home.hazardsOpen'), tone: z.overdue ? 'bad' : z.open ? 'warn' : 'good', value: z.open, sub: t('safety.home.hazardsOverdue', { n: z.overdue }), ...pathIn(hazardsNav, 'hazards', 'hazard') },
      { key: 'hazardsMonth', icon: <ToolOutlined />, label: t('safety.home.hazardsMonth'), tone: 'plain', value: `${z.reportedMonth} / ${z.closedMonth}`, sub: t('safety.home.hazardsMonthSub', { n: z.inspectionsMonth }), ...pathIn(hazardsNav, 'hazards', 'hazard') },
      investigationFigure(z.investigation, t),
      { key: 'report', icon: <AuditOutlined />, label: t('safety.home.monthlyReport'), tone: z.reportSubmitted ? 'good' : current ? 'plain' : 'warn', value: z.reportSubmitted ? t('safety.home.submitted') : t('safety.home.notSubmitted'), ...pathIn(hazardsNav, 'hazards-monthly', 'monthly') },
    );
  }
  return out;
}

function FigureCard({ f }: { f: Figure }) {
  const can = useCan();
  const clickable = !!f.to && can(f.action);
  const card = (
    <Card size="small" hoverable={clickable} data-testid={`figure-${f.key}`} styles={{ body: { padding: '12px 14px', minHeight: 104 } }}
      style={{ borderTop: `3px solid ${TONES[f.tone]}`, height: '100%' }}>
      <div style={{ color: '#595959', fontSize: 13, display: 'flex', gap: 6, alignItems: 'center' }}>
        <span style={{ color: TONES[f.tone] }}>{f.icon}</span><span style={{ overflowWrap: 'anywhere' }}>{f.label}</span>
      </div>
      <div style={{ fontSize: 22, fontWeight: 600, color: TONES[f.tone], margin: '4px 0 2px', lineHeight: 1.25 }} data-testid={`figure-${f.key}-value`}>{f.value}</div>
      {f.sub && <div style={{ fontSize: 12, color: '#8c8c8c', overflowWrap: 'anywhere' }}>{f.sub}</div>}
    </Card>
  );
  return clickable ? <Link to={f.to!} aria-label={f.label} style={{ display: 'block', height: '100%' }}>{card}</Link> : card;
}

/** 安全首页: the month's safety figures of the school, each a door to the list behind it (SPEC §6 "Home of a role"). */
export default function SafetyHomePage() {
  const { t } = useI18n();
  const [month, setMonth] = useMonthParam();
  const school = useSchoolChoice();
  const home = useSafetyHome({ month, schoolId: school.schoolId });
  const current = month === dayjs().format('YYYY-MM');
  const q = school.schoolId ? `?schoolId=${school.schoolId}&month=${month}` : `?month=${month}`;
  return (
    <div data-testid="page-safety-home">
      <PageHeader title={t('safety.home.title')} sub={t('safety.home.sub')} extra={<>{school.picker}<MonthSwitcher month={month} onChange={setMonth} /></>} />
      {school.district && !school.schoolId ? <Skeleton active /> : home.isError ? <Alert type="error" showIcon title={(home.error as Error).message} /> : !home.data ? <Skeleton active /> : (
        <>
          {home.data.veto && (
            <Alert type="error" showIcon style={{ marginBottom: 12 }} data-testid="veto-banner"
              title={t('safety.home.vetoBanner', { year: home.data.agreements.year, n: home.data.incidents.accidentsYear })} />
          )}
          <Row gutter={[10, 10]}>
            {figures(home.data, t, q, current).map((f) => (
              <Col key={f.key} xs={12} sm={8} lg={6} xl={6}><FigureCard f={f} /></Col>
            ))}
          </Row>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12 }}>
            {t('safety.home.rules', { s: home.data.drills.targetSeconds })} {home.data.drills.expected ? null : <Tag>{t('safety.monthStatus.holiday')}</Tag>}
          </Typography.Paragraph>
        </>
      )}
    </div>
  );
}
