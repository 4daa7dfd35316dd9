import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Alert, Select, Skeleton, Space, Table, Tag } from 'antd';
import { SafetyCertificateOutlined, StopOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { DistrictSchool } from '../../../../contracts/safetyRecords';
import { INCIDENT_SEVERITIES } from '../../../../contracts/safetyRecords';
import { useDistrict } from '../../../api/safetyRecords';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { useIsPhone } from '../../../components/useIsPhone';
import { ListCard } from '../../../components/lists/RecordList';
import { useParam } from '../../../components/lists/urlParams';
import { fmtTime } from '../../../components/lists/format';
import { SEVERITY_COLORS } from './shared';

/** 全县安全概况 (inspector, read-only): the district's schools side by side — incidents of the year, accidents, the veto, drills. */
export default function DistrictPage() {
  const { t } = useI18n();
  const phone = useIsPhone();
  const [yearParam, setYear] = useParam('year');
  const year = Number(yearParam) || dayjs().year();
  const view = useDistrict({ year });
  const veto = (s: DistrictSchool) => (s.vetoed
    ? <Tag color="red" icon={<StopOutlined />} style={{ marginInlineEnd: 0 }} data-testid="veto-tag">{t('safety.home.vetoed')}</Tag>
    : <Tag color="green" icon={<SafetyCertificateOutlined />} style={{ marginInlineEnd: 0 }}>{t('safety.home.notVetoed')}</Tag>);
  const severities = (s: DistrictSchool) => (
    <Space size={4} wrap>{INCIDENT_SEVERITIES.filter((k) => s.bySeverity[k]).map((k) => <Tag key={k} color={SEVERITY_COLORS[k]} style={{ marginInlineEnd: 0 }}>{t(`safety.severity.${k}`)} {s.bySeverity[k]}</Tag>)}</Space>
  );
  const incidentsLink = (s: DistrictSchool, text: ReactNode) => <Link to={`/safety/incidents?schoolId=${s.schoolId}&year=${year}`}>{text}</Link>;
  return (
    <div data-testid="page-safety-district">
      <PageHeader title={t('safety.district.title')} sub={t('safety.district.sub')} extra={
        <Select size="large" value={year} onChange={(v) => setYear(String(v))} style={{ width: 120 }} data-testid="year-select"
          options={[0, -1, -2, -3].map((n) => ({ value: dayjs().year() + n, label: t('safety.agreements.yearN', { year: dayjs().year() + n }) }))} />
      } />
      {view.isError ? <Alert type="error" showIcon title={(view.error as Error).message} /> : !view.data ? <Skeleton active /> : phone ? (
        <div style={{ display: 'grid', gap: 8 }} data-testid="district-list">
          {view.data.items.map((s) => (
            <div key={s.schoolId} data-testid="list-card"><ListCard title={<Link to={`/safety?schoolId=${s.schoolId}`}>{s.schoolName}</Link>} tags={veto(s)}
              lines={[incidentsLink(s, t('safety.district.incidentsN', { n: s.incidents, accidents: s.accidents })), severities(s), t('safety.district.drillsN', { n: s.drills })]} /></div>
          ))}
        </div>
      ) : (
        <Table rowKey="schoolId" size="middle" pagination={false} dataSource={view.data.items} data-testid="district-list"
          columns={[
            { key: 'school', title: t('list.school'), render: (_, s) => <Link to={`/safety?schoolId=${s.schoolId}`}>{s.schoolName}</Link> },
            { key: 'veto', title: t('safety.district.veto'), render: (_, s) => veto(s) },
            { key: 'incidents', title: t('safety.district.incidents'), render: (_, s) => incidentsLink(s, s.incidents) },
            { key: 'severity', title: t('safety.fields.severity'), render: (_, s) => severities(s) },
            { key: 'accidents', title: t('safety.district.accidents'), render: (_, s) => (s.accidents ? <Link to={`/safety/incidents?schoolId=${s.schoolId}&year=${year}&accident=true`}>{s.accidents}</Link> : 0) },
            { key: 'last', title: t('safety.district.last'), render: (_, s) => fmtTime(s.lastIncidentAt) || '—' },
            { key: 'drills', title: t('safety.district.drills'), render: (_, s) => <Link to={`/safety/drills?schoolId=${s.schoolId}`}>{s.drills}</Link> },
          ]} />
      )}
    </div>
  );
}
