import { Link, useNavigate } from 'react-router';
import { Alert, Button, Input, Segmented, Select, Tag } from 'antd';
import { PlusOutlined, StopOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { INCIDENT_SEVERITIES, type Incident } from '../../../../contracts/safetyRecords';
import { useIncidentList } from '../../../api/safetyRecords';
import { useCan } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { ListCard, RecordList } from '../../../components/lists/RecordList';
import { useParam } from '../../../components/lists/urlParams';
import { useSchoolChoice } from '../../../components/lists/useSchoolChoice';
import { fmtTime } from '../../../components/lists/format';
import { ExportButton, SAFETY, SeverityTag } from './shared';

export function AccidentTag({ on }: { on: boolean }) {
  const { t } = useI18n();
  return on ? <Tag color="red" icon={<StopOutlined />} style={{ marginInlineEnd: 0 }} data-testid="accident-tag">{t('safety.incidents.accident')}</Tag> : null;
}

/** 事件与事故: reports of the school (one's own for staff), filters in the URL; leaders see all. */
export default function IncidentsPage() {
  const { t } = useI18n();
  const can = useCan();
  const navigate = useNavigate();
  const school = useSchoolChoice({ optional: true });
  const [severity, setSeverity] = useParam('severity');
  const [accident, setAccident] = useParam('accident');
  const [year, setYear] = useParam('year');
  const [from, setFrom] = useParam('from');
  const [to, setTo] = useParam('to');
  const [q, setQ] = useParam('q');
  const query = {
    severity: severity ?? undefined, accident: accident ?? undefined, year: year ?? undefined, from: from ?? undefined, to: to ?? undefined, q: q ?? undefined,
    schoolId: school.schoolId,
  };
  const list = useIncidentList(query);
  const thisYear = dayjs().year();
  const open = (i: Incident) => navigate(`/safety/incidents/${i.id}`);
  const leader = can(SAFETY.incidentsManage) || school.district;
  return (
    <div data-testid="page-safety-incidents">
      <PageHeader title={t('safety.incidents.title')} sub={leader ? undefined : t('safety.incidents.mineOnly')} extra={<>
        {school.picker}
        <ExportButton path="/safety/incidents/export.xlsx" query={query} />
        {can(SAFETY.incidentsReport) && <Link to="/safety/incidents/new"><Button type="primary" size="large" icon={<PlusOutlined />} data-testid="incident-new">{t('safety.incidents.new')}</Button></Link>}
      </>} />
      {(from || to) && (
        <Alert type="info" showIcon style={{ marginBottom: 8 }} title={t('safety.incidents.range', { from: from ?? '…', to: to ?? '…' })}
          action={<Button size="small" onClick={() => { setFrom(null); setTo(null); }}>{t('common.reset')}</Button>} />
      )}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
        <Input.Search allowClear size="large" placeholder={t('safety.incidents.search')} defaultValue={q ?? ''} onSearch={(v) => setQ(v.trim() || null)} style={{ width: 220 }} />
        <Select allowClear size="large" placeholder={t('safety.fields.severity')} value={severity ?? undefined} onChange={(v) => setSeverity(v ?? null)} style={{ width: 130 }}
          options={INCIDENT_SEVERITIES.map((s) => ({ value: s, label: t(`safety.severity.${s}`) }))} data-testid="filter-severity" />
        <Select allowClear size="large" placeholder={t('safety.fields.year')} value={year ?? undefined} onChange={(v) => setYear(v ?? null)} style={{ width: 120 }}
          options={[0, 1, 2, 3].map((n) => ({ value: String(thisYear - n), label: String(thisYear - n) }))} data-testid="filter-year" />
        <Segmented size="large" value={accident ?? 'all'} onChange={(v) => setAccident(v === 'all' ? null : String(v))} data-testid="filter-accident"
          options={[{ value: 'all', label: t('common.all') }, { value: 'true', label: t('safety.incidents.accidentsOnly') }]} />
      </div>
      <RecordList<Incident> list={list} testId="incident-list" emptyKey="safety.incidents.empty"
        columns={[
          { key: 'title', title: t('safety.incidents.what'), render: (_, i) => <a onClick={() => open(i)} data-testid="row-open">{i.title}</a> },
          { key: 'occurredAt', title: t('safety.fields.occurredAt'), render: (_, i) => fmtTime(i.occurredAt) },
          { key: 'where', title: t('safety.fields.locationId'), render: (_, i) => i.locationPath ?? i.place },
          { key: 'severity', title: t('safety.fields.severity'), render: (_, i) => <span style={{ display: 'flex', gap: 4 }}><SeverityTag severity={i.severity} /><AccidentTag on={i.safetyAccident} /></span> },
          { key: 'reporter', title: t('safety.incidents.reporter'), render: (_, i) => i.reporterName },
        ]}
        card={(i) => (
          <ListCard onClick={() => open(i)} title={i.title} tags={<><SeverityTag severity={i.severity} /><AccidentTag on={i.safetyAccident} /></>}
            lines={[`${fmtTime(i.occurredAt)} · ${i.locationPath ?? i.place ?? ''}`, `${t('safety.incidents.reporter')}：${i.reporterName ?? ''}`]} />
        )} />
    </div>
  );
}
