import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Card, Input, Segmented, Select, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined, SettingOutlined, WarningOutlined } from '@ant-design/icons';
import { RulesDrawer } from './RulesDrawer';
import dayjs from 'dayjs';
import { SAFETY_KINDS, type Drill, type DrillMonths } from '../../../../contracts/safetyRecords';
import { useDrillList, useDrillMonths } from '../../../api/safetyRecords';
import { useCan } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { ListCard, RecordList } from '../../../components/lists/RecordList';
import { useParam } from '../../../components/lists/urlParams';
import { useSchoolChoice } from '../../../components/lists/useSchoolChoice';
import { ExportButton, KindTag, MONTH_COLORS, SAFETY, fmtSeconds } from './shared';

/** The term month by month: held, missing (flagged), due, upcoming, holiday; a month filters the list. */
function MonthStrip({ data, selected, onPick }: { data: DrillMonths; selected: string | null; onPick: (m: string | null) => void }) {
  const { t } = useI18n();
  if (!data.term) return null;
  return (
    <Card size="small" style={{ marginBottom: 12 }} styles={{ body: { padding: '10px 12px' } }} data-testid="drill-months">
      <div style={{ display: 'flex', justifyContent: 'space-between', flexWrap: 'wrap', gap: 6, marginBottom: 8 }}>
        <Typography.Text strong>{data.term.name}</Typography.Text>
        <Typography.Text type={data.missing ? 'danger' : 'secondary'} style={{ fontSize: 13 }}>
          {data.missing ? <><WarningOutlined /> {t('safety.drills.missingN', { n: data.missing })}</> : t('safety.drills.rule')}
        </Typography.Text>
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(84px, 1fr))', gap: 6 }}>
        {data.months.map((m) => (
          <Button key={m.month} onClick={() => onPick(selected === m.month ? null : m.month)} type={selected === m.month ? 'primary' : 'default'}
            data-testid={`drill-month-${m.month}`} data-status={m.status} style={{ height: 52, padding: '2px 4px', whiteSpace: 'normal', lineHeight: 1.2 }}>
            <span>
              <span style={{ display: 'block', fontWeight: 600 }}>{t('safety.drills.monthLabel', { m: Number(m.month.slice(5)) })}</span>
              <Tag color={MONTH_COLORS[m.status]} style={{ marginInlineEnd: 0, fontSize: 11, lineHeight: '16px' }}>
                {m.drills > 1 ? t('safety.drills.times', { n: m.drills }) : t(`safety.monthStatus.${m.status}`)}
              </Tag>
            </span>
          </Button>
        ))}
      </div>
    </Card>
  );
}

export function EvacuationTag({ d }: { d: Pick<Drill, 'evacuationSeconds' | 'slow'> }) {
  const { t } = useI18n();
  if (d.evacuationSeconds == null) return <span style={{ color: '#8c8c8c' }}>{t('common.none')}</span>;
  return (
    <Tag color={d.slow ? 'error' : 'success'} icon={d.slow ? <WarningOutlined /> : undefined} style={{ marginInlineEnd: 0 }} data-testid="evacuation-tag" data-slow={d.slow}>
      {fmtSeconds(d.evacuationSeconds, t)}{d.slow ? ` · ${t('safety.drills.slow')}` : ''}
    </Tag>
  );
}

/** 应急演练: the term's months against the rule, and the drills with their flags. */
export default function DrillsPage() {
  const { t } = useI18n();
  const can = useCan();
  const navigate = useNavigate();
  const school = useSchoolChoice();
  const [rules, setRules] = useState(false);
  const [month, setMonth] = useParam('month');
  const [scenario, setScenario] = useParam('scenario');
  const [slow, setSlow] = useParam('slow');
  const [q, setQ] = useParam('q');
  const months = useDrillMonths({ month: month ?? undefined, schoolId: school.schoolId });
  const range = month ? { from: `${month}-01`, to: dayjs(`${month}-01`).endOf('month').format('YYYY-MM-DD') } : {};
  const query = { ...range, scenario: scenario ?? undefined, slow: slow ?? undefined, q: q ?? undefined, schoolId: school.schoolId };
  const list = useDrillList(query);
  const open = (d: Drill) => navigate(`/safety/drills/${d.id}${school.schoolId ? `?schoolId=${school.schoolId}` : ''}`);

  return (
    <div data-testid="page-safety-drills">
      <PageHeader title={t('safety.drills.title')} extra={<>
        {school.picker}
        <ExportButton path="/safety/drills/export.xlsx" query={query} />
        {can(SAFETY.settingsWrite) && <Button size="large" icon={<SettingOutlined />} onClick={() => setRules(true)} data-testid="rules-open">{t('safety.rules.title')}</Button>}
        {can(SAFETY.drillsWrite) && <Link to="/safety/drills/new"><Button type="primary" size="large" icon={<PlusOutlined />} data-testid="drill-new">{t('safety.drills.new')}</Button></Link>}
      </>} />
      {months.data && <MonthStrip data={months.data} selected={month} onPick={setMonth} />}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('safety.drills.search')} defaultValue={q ?? ''} onSearch={(v) => setQ(v.trim() || null)} style={{ width: 220 }} size="large" />
        <Select allowClear size="large" placeholder={t('safety.fields.scenario')} value={scenario ?? undefined} onChange={(v) => setScenario(v ?? null)} style={{ width: 160 }}
          options={SAFETY_KINDS.map((k) => ({ value: k, label: t(`safety.kind.${k}`) }))} data-testid="filter-scenario" />
        <Segmented size="large" value={slow ?? 'all'} onChange={(v) => setSlow(v === 'all' ? null : String(v))} data-testid="filter-slow"
          options={[{ value: 'all', label: t('common.all') }, { value: 'true', label: t('safety.drills.slowOnly') }]} />
      </div>
      <RecordList<Drill> list={list} testId="drill-list" emptyKey="safety.drills.empty"
        columns={[
          { key: 'heldOn', title: t('safety.fields.heldOn'), render: (_, d) => <a onClick={() => open(d)} data-testid="row-open">{d.heldOn}</a> },
          { key: 'scenario', title: t('safety.fields.scenario'), render: (_, d) => <KindTag kind={d.scenario} /> },
          { key: 'evacuation', title: t('safety.fields.evacuationSeconds'), render: (_, d) => <EvacuationTag d={d} /> },
          { key: 'participants', title: t('safety.fields.participantCount'), render: (_, d) => <Tooltip title={d.classNames.join('、')}>{t('common.people', { count: d.participantCount })}</Tooltip> },
          { key: 'organiser', title: t('safety.fields.organiserId'), render: (_, d) => d.organiserName },
          { key: 'problems', title: t('safety.fields.problems'), render: (_, d) => <Typography.Text ellipsis style={{ maxWidth: 260 }}>{d.problems ?? '—'}</Typography.Text> },
        ]}
        card={(d) => (
          <ListCard onClick={() => open(d)} title={`${d.heldOn} ${t(`safety.kind.${d.scenario}`)}`} tags={<EvacuationTag d={d} />}
            lines={[`${t('safety.fields.participantCount')}：${t('common.people', { count: d.participantCount })} · ${d.organiserName ?? ''}`, d.problems ? `${t('safety.fields.problems')}：${d.problems}` : null]} />
        )} />
      <RulesDrawer open={rules} onClose={() => setRules(false)} />
    </div>
  );
}
