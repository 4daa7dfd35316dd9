import { useNavigate } from 'react-router';
import { App, Button, Card, Col, Row, Skeleton, Table, Tag, Typography } from 'antd';
import { nameOf } from './names';
import type { SelfCheckDay } from '../../../../contracts/canteenStaff';
import { useSelfCheckDay, useStartInspection, useStops } from '../../../api/canteenStaff';
import { useCan } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { StopBanner, useDateParam } from './shared';

const KINDS = [['daily', 'canteen.daily'], ['weekly', 'canteen.weekly'], ['monthly', 'canteen.monthly']] as const;

/**
 * 食堂自查: today's daily check, this week's and this month's, each started on the inspection engine
 * (the checklist is filled on the engine's page); a critical failure shows the stop banner, lifted by a leader.
 */
export default function SelfCheckPage() {
  const { t, locale } = useI18n();
  const can = useCan();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [date, , picker] = useDateParam();
  const day = useSelfCheckDay(date);
  const stops = useStops();
  const start = useStartInspection();
  const canStart = can('inspections.inspection.write') && can('canteen.staff.checks.write');
  const begin = async (d: SelfCheckDay, code: string) => {
    const tpl = d.templates.find((x) => x.code === code);
    if (!tpl) return;
    try {
      const i = await start.mutateAsync({ templateId: tpl.id, zone: '食堂' });
      navigate(`/inspections/${i.id}`);
    } catch (e) { message.error(e instanceof Error ? e.message : String(e)); }
  };
  return (
    <div data-testid="page-canteen-self-check">
      <PageHeader title={t('canteen.staff.web.selfTitle')} sub={t('canteen.staff.web.selfSub')} extra={picker} />
      {!day.data ? <Skeleton active /> : (
        <>
          <StopBanner stop={day.data.stop} />
          <Row gutter={[12, 12]}>
            {KINDS.map(([k, code]) => {
              const st = day.data![k];
              const tpl = day.data!.templates.find((x) => x.code === code);
              const going = day.data!.inProgress.find((x) => x.code === code);
              return (
                <Col key={k} xs={24} md={8}>
                  <Card size="small" title={tpl ? nameOf(tpl.name, locale) : t(`canteen.staff.web.${k}`)} data-testid={`self-${k}`}
                    extra={<Tag color={st.done ? 'success' : 'warning'}>{st.done ? t('canteen.staff.web.done') : t('canteen.staff.web.notDone')}</Tag>}>
                    {st.inspectionId && <Button type="link" onClick={() => navigate(`/inspections/${st.inspectionId}`)}>{t('canteen.staff.web.open')}</Button>}
                    {going && <Button type="primary" onClick={() => navigate(`/inspections/${going.id}`)} data-testid={`self-continue-${k}`}>{t('canteen.staff.web.continue')}</Button>}
                    {!going && !st.done && canStart && tpl && <Button type="primary" size="large" loading={start.isPending} onClick={() => begin(day.data!, code)} data-testid={`self-start-${k}`}>{t('canteen.staff.web.start')}</Button>}
                  </Card>
                </Col>
              );
            })}
          </Row>
          <Typography.Title level={5} style={{ marginTop: 16 }}>{t('canteen.staff.web.stops')}</Typography.Title>
          <Table rowKey="id" size="small" pagination={false} dataSource={stops.data?.items ?? []} scroll={{ x: 600 }} columns={[
            { title: t('canteen.staff.web.date'), dataIndex: 'date', width: 110 },
            { title: t('canteen.staff.web.stopItems'), render: (_, s) => s.items.join('；') },
            { title: t('canteen.staff.web.stoppedBy'), dataIndex: 'stoppedByName', width: 100 },
            { title: t('canteen.staff.web.liftedBy'), width: 220, render: (_, s) => s.liftedAt ? `${s.liftedByName ?? ''}：${s.liftNote ?? ''}` : <Tag color="error">{t('canteen.staff.web.stopBanner', { date: s.date })}</Tag> },
          ]} />
        </>
      )}
    </div>
  );
}
