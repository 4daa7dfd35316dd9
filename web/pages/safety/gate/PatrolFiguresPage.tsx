import { useState } from 'react';
import { Card, DatePicker, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { PatrolDay } from '../../../../contracts/safetyGate';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { useIsPhone } from '../../../components/useIsPhone';
import { usePatrolFigures } from '../../../api/gate';
import { thisMonth } from './shared';

/** 巡查统计: the month's days against the rule (key areas a day, fire a day, dorms a night), the days short in red. */
export default function PatrolFiguresPage() {
  const { t } = useI18n();
  const phone = useIsPhone();
  const [month, setMonth] = useState(thisMonth());
  const q = usePatrolFigures(month);
  const f = q.data;
  const days = (f?.days ?? []).filter((d) => d.date <= dayjs().format('YYYY-MM-DD')).reverse();
  const count = (d: PatrolDay, kind: 'key_area' | 'dorm_night' | 'fire', n: number) => (
    <span style={{ color: d.short.includes(kind) ? '#cf1322' : undefined, fontWeight: d.short.includes(kind) ? 700 : undefined }}>{n}</span>
  );
  // Holidays, vacations and make-up days from the school calendar (weekends are plain to see).
  const kindTag = (d: PatrolDay) => (['holiday', 'outside_term', 'makeup'].includes(d.dayKind)
    ? <Tag color={d.dayKind === 'makeup' ? 'blue' : 'purple'} data-testid="patrol-day-kind">{t(`patrol.figures.dayKind.${d.dayKind}`)}</Tag> : null);
  const status = (d: PatrolDay) => d.short.length ? <Tag color="red">{t('patrol.figures.short')}</Tag> : d.over ? <Tag color="green">{t('patrol.figures.ok')}</Tag> : <Tag>{t('patrol.figures.notOver')}</Tag>;
  return (
    <div data-testid="page-patrol-figures">
      <PageHeader title={t('patrol.figures.title')} extra={
        <DatePicker picker="month" size="large" allowClear={false} inputReadOnly value={dayjs(`${month}-01`)} onChange={(d) => d && setMonth(d.format('YYYY-MM'))} />
      } />
      {f && (
        <Card size="small" style={{ marginBottom: 12 }} data-testid="patrol-figures-summary">
          <Space orientation="vertical" size={4}>
            <Typography.Text>{t('patrol.figures.rule', { key: f.rules.keyAreaPerDay, fire: f.rules.firePerDay, dorm: f.boarding ? t('patrol.figures.ruleDorm', { n: f.rules.dormPerNight }) : '' })}</Typography.Text>
            <Typography.Text strong>{t('patrol.figures.totals', f.totals)}</Typography.Text>
            <Typography.Text type={f.shortDays.length ? 'danger' : 'success'} strong data-testid="patrol-short-days">{t('patrol.figures.shortDays', { n: f.shortDays.length })}</Typography.Text>
          </Space>
        </Card>
      )}
      {phone ? (
        <Space orientation="vertical" size={6} style={{ width: '100%' }}>
          {days.map((d) => (
            <Card key={d.date} size="small" style={{ borderColor: d.short.length ? '#ffa39e' : undefined }}>
              <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
                <strong>{dayjs(d.date).format('MM-DD')} {t(`duty.weekday.${dayjs(d.date).day()}`)} {kindTag(d)}</strong>{status(d)}
              </div>
              <Space size={12} wrap>
                <span>{t('patrol.figures.keyArea')} {count(d, 'key_area', d.keyArea)}</span>
                {f?.boarding && <span>{t('patrol.figures.dormNight')} {count(d, 'dorm_night', d.dormNight)}</span>}
                <span>{t('patrol.figures.fire')} {count(d, 'fire', d.fire)}</span>
                {d.missed > 0 && <Tag color="red">{t('patrol.figures.missed')} {d.missed}</Tag>}
                {d.late > 0 && <Tag color="gold">{t('patrol.figures.late')} {d.late}</Tag>}
              </Space>
            </Card>
          ))}
        </Space>
      ) : (
        <Table<PatrolDay> size="small" rowKey="date" pagination={false} loading={q.isPending} dataSource={days}
          rowClassName={(d) => (d.short.length ? 'patrol-short' : '')}
          columns={[
            { key: 'date', title: t('patrol.figures.date'), render: (_, d) => <>{`${d.date} ${t(`duty.weekday.${dayjs(d.date).day()}`)}`} {kindTag(d)}</> },
            { key: 'key', title: t('patrol.figures.keyArea'), render: (_, d) => count(d, 'key_area', d.keyArea) },
            ...(f?.boarding ? [{ key: 'dorm', title: t('patrol.figures.dormNight'), render: (_: unknown, d: PatrolDay) => count(d, 'dorm_night', d.dormNight) }] : []),
            { key: 'fire', title: t('patrol.figures.fire'), render: (_, d) => count(d, 'fire', d.fire) },
            { key: 'missed', title: t('patrol.figures.missed'), render: (_, d) => d.missed || '' },
            { key: 'late', title: t('patrol.figures.late'), render: (_, d) => d.late || '' },
            { key: 'status', title: '', render: (_, d) => status(d) },
          ]} />
      )}
    </div>
  );
}
