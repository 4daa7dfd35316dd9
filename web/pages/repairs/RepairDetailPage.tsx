import type { ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, Button, Card, Col, Descriptions, Empty, Rate, Row, Skeleton, Table, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import type { RepairDetail, RepairEvent } from '../../../contracts/repairs';
import { ApiError } from '../../api/client';
import { useRepair } from '../../api/repairs';
import { useI18n } from '../../app/i18n';
import { PhotoGallery } from '../../components/files/PhotoGallery';
import { useIsPhone } from '../../components/useIsPhone';
import { RepairActions } from './RepairActions';
import { OverdueTag, StateTag, UrgencyTag, fmtTime, useCategoryLabel } from './shared';

const EVENT_COLORS: Record<string, string> = {
  reported: 'blue', dispatch: 'blue', autoDispatched: 'blue', accept: 'blue', complete: 'green', confirm: 'green',
  reopen: 'orange', cancel: 'gray', overdue: 'red', autoClosed: 'gray',
};

/** What an event adds beyond its kind: the worker sent, the stars given, the reason. */
function EventBody({ e }: { e: RepairEvent }) {
  const { t } = useI18n();
  const data = e.data ?? {};
  const lines: ReactNode[] = [];
  if (typeof data.assigneeName === 'string') lines.push(<div key="a">{t('repairs.detail.sentTo', { name: data.assigneeName })}</div>);
  if (typeof data.rating === 'number') lines.push(<div key="r"><Rate disabled value={data.rating} style={{ fontSize: 13 }} /></div>);
  if (typeof data.hours === 'number') lines.push(<div key="h">{t('repairs.detail.hoursValue', { n: data.hours })}</div>);
  if (typeof data.what === 'string') lines.push(<div key="w">{t(`repairs.overdueWhat.${data.what}`)}</div>);
  if (e.note) lines.push(<div key="n" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{e.note}</div>);
  return lines.length ? <div style={{ color: '#595959', fontSize: 13 }}>{lines}</div> : null;
}

function OrderTimeline({ events }: { events: RepairEvent[] }) {
  const { t, has } = useI18n();
  if (!events.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Timeline data-testid="repair-timeline"
      items={events.map((e) => ({
        key: e.id,
        color: EVENT_COLORS[e.kind] ?? 'blue',
        content: (
          <div style={{ minWidth: 0 }}>
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center' }}>
              <Typography.Text strong>{has(`repairs.event.${e.kind}`) ? t(`repairs.event.${e.kind}`) : e.kind}</Typography.Text>
              <span>{e.actorName ?? t('detail.system')}</span>
              {e.fromState && e.toState && e.fromState !== e.toState && (
                <span style={{ fontSize: 12 }}>
                  <Tag style={{ marginInlineEnd: 4 }}>{t(`enums.repairState.${e.fromState}`)}</Tag>→<Tag style={{ marginInlineStart: 4 }}>{t(`enums.repairState.${e.toState}`)}</Tag>
                </span>
              )}
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{fmtTime(e.at)}</Typography.Text>
            <EventBody e={e} />
          </div>
        ),
      }))} />
  );
}

function Body({ order }: { order: RepairDetail }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const category = useCategoryLabel();
  const none = <span style={{ color: '#bbb' }}>{t('common.none')}</span>;
  const doneWork = order.completedAt != null;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={15}>
        <Card size="small" title={t('repairs.detail.fault')}>
          <Descriptions column={phone ? 1 : 2} size="small" items={[
            { key: 'category', label: t('repairs.fields.category'), children: category(order.category) },
            { key: 'urgency', label: t('repairs.fields.urgency'), children: <>{t(`enums.urgency.${order.urgency}`)}{order.plannedDate ? ` · ${order.plannedDate}` : ''}</> },
            { key: 'location', label: t('repairs.fields.location'), children: order.locationPath || order.locationName, span: 'filled' as const },
            ...(order.assetId ? [{ key: 'asset', label: t('repairs.fields.asset'), children: t('common.idRef', { id: order.assetId }) }] : []),
            { key: 'description', label: t('repairs.fields.description'), children: <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{order.description}</span>, span: 'filled' as const },
            { key: 'reporter', label: t('repairs.fields.reporter'), children: order.reporterName },
            { key: 'reportedAt', label: t('repairs.fields.reportedAt'), children: fmtTime(order.reportedAt) },
          ]} />
          {order.photos.report.length > 0 && (
            <div style={{ marginTop: 8 }}>
              <Typography.Text type="secondary">{t('repairs.detail.reportPhotos')}</Typography.Text>
              <div style={{ marginTop: 6 }}><PhotoGallery files={order.photos.report} /></div>
            </div>
          )}
        </Card>
        <Card size="small" title={t('repairs.detail.work')} style={{ marginTop: 16 }}>
          <Descriptions column={phone ? 1 : 2} size="small" items={[
            { key: 'assignee', label: t('repairs.fields.assignee'), children: order.assigneeName ?? none },
            { key: 'dispatchedAt', label: t('repairs.fields.dispatchedAt'), children: order.dispatchedAt ? fmtTime(order.dispatchedAt) : none },
            { key: 'responseDueAt', label: t('repairs.fields.responseDueAt'), children: fmtTime(order.responseDueAt) },
            { key: 'acceptedAt', label: t('repairs.fields.acceptedAt'), children: order.acceptedAt ? fmtTime(order.acceptedAt) : none },
            { key: 'doneDueAt', label: t('repairs.fields.doneDueAt'), children: fmtTime(order.doneDueAt) },
            { key: 'completedAt', label: t('repairs.fields.completedAt'), children: order.completedAt ? fmtTime(order.completedAt) : none },
            ...(doneWork ? [
              { key: 'hours', label: t('repairs.fields.hours'), children: order.hours != null ? t('repairs.detail.hoursValue', { n: order.hours }) : none },
              { key: 'note', label: t('repairs.fields.completeNote'), children: <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{order.completeNote ?? ''}</span>, span: 'filled' as const },
            ] : []),
            ...(order.closedAt ? [{ key: 'closedAt', label: t('repairs.fields.closedAt'), children: fmtTime(order.closedAt) }] : []),
            ...(order.cancelledAt ? [{ key: 'cancelledAt', label: t('repairs.fields.cancelledAt'), children: fmtTime(order.cancelledAt) }] : []),
          ]} />
          {order.items.length > 0 && (
            <Table size="small" rowKey={(_, i) => String(i)} pagination={false} style={{ marginTop: 8 }} data-testid="repair-items"
              dataSource={order.items}
              columns={[
                { key: 'name', title: t('repairs.complete.itemName'), dataIndex: 'name' },
                { key: 'q', title: t('repairs.complete.quantity'), render: (_: unknown, r) => `${r.quantity}${r.unit ? ` ${r.unit}` : ''}`, width: 100 },
              ]} />
          )}
          {order.photos.complete.length > 0 && (
            <div style={{ marginTop: 8 }}>
              <Typography.Text type="secondary">{t('repairs.detail.completePhotos')}</Typography.Text>
              <div style={{ marginTop: 6 }}><PhotoGallery files={order.photos.complete} /></div>
            </div>
          )}
          {!order.assigneeName && !doneWork && <Typography.Text type="secondary">{t('repairs.report.waitDispatch')}</Typography.Text>}
        </Card>
        {order.rating != null && (
          <Card size="small" title={t('repairs.detail.feedback')} style={{ marginTop: 16 }} data-testid="repair-feedback">
            <Rate disabled value={order.rating} />
            {order.comment && <Typography.Paragraph style={{ marginTop: 6, marginBottom: 0, overflowWrap: 'anywhere' }}>{order.comment}</Typography.Paragraph>}
          </Card>
        )}
      </Col>
      <Col xs={24} lg={9}>
        <Card size="small" title={t('repairs.detail.timeline')}>
          <OrderTimeline events={order.events} />
        </Card>
      </Col>
    </Row>
  );
}

/** One work order: every field, photos, the timeline, and the buttons the server allows the caller now. */
export default function RepairDetailPage() {
  const { t } = useI18n();
  const phone = useIsPhone();
  const navigate = useNavigate();
  const { id } = useParams();
  const n = Number(id);
  const q = useRepair(Number.isInteger(n) && n > 0 ? n : null);
  const order = q.data;
  const back = () => (window.history.length > 1 ? navigate(-1) : navigate('/repairs/mine'));

  if (!Number.isInteger(n) || n <= 0 || (q.isError && q.error instanceof ApiError && q.error.status === 404)) {
    return <Alert type="warning" showIcon title={t('detail.notFound')} data-testid="repair-not-found" />;
  }
  if (q.isError) return <Alert type="error" showIcon title={(q.error as Error).message} action={<Button size="small" onClick={() => q.refetch()}>{t('common.retry')}</Button>} />;
  if (!order) return <Skeleton active />;
  return (
    <div data-testid="page-repair-detail">
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, marginBottom: 12 }}>
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={back} aria-label={t('common.back')} />
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="page-title">{order.code}</Typography.Title>
        <StateTag state={order.state} />
        <UrgencyTag urgency={order.urgency} plannedDate={order.plannedDate} />
        <OverdueTag overdue={order.overdue} />
        {order.reopenCount > 0 && <Tag color="magenta">{t('repairs.detail.reopenCount', { n: order.reopenCount })}</Tag>}
      </div>
      {order.actions.length > 0 && (
        <div style={{ marginBottom: 12 }} data-testid="repair-actions">
          <RepairActions order={order} block={phone} size={phone ? 'large' : 'middle'} />
        </div>
      )}
      <Body order={order} />
    </div>
  );
}
