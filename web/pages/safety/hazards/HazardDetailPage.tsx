import type { ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, Button, Card, Col, Descriptions, Empty, Row, Skeleton, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import type { RectEvent, RectificationDetail } from '../../../../contracts/inspections';
import { ApiError } from '../../../api/client';
import { useHazard } from '../../../api/hazards';
import { useI18n } from '../../../app/i18n';
import { PhotoGallery } from '../../../components/files/PhotoGallery';
import { useIsPhone } from '../../../components/useIsPhone';
import { HazardActions } from './HazardActions';
import { DeadlineText, OverdueTag, RectStateTag, SeverityTag, fmtTime, kindLabel } from './shared';

const EVENT_COLORS: Record<string, string> = { reported: 'blue', found: 'blue', assign: 'blue', rectify: 'green', verify: 'green', reject: 'orange', escalated: 'red' };

function EventBody({ e }: { e: RectEvent }) {
  const { t } = useI18n();
  const d = e.data ?? {};
  const lines: ReactNode[] = [];
  if (typeof d.ownerName === 'string') lines.push(<div key="o">{t('hazards.web.detail.assignedTo', { name: d.ownerName, deadline: String(d.deadline ?? '') })}</div>);
  if (e.kind === 'escalated' && typeof d.role === 'string') lines.push(<div key="r">{t('hazards.web.detail.escalatedTo', { role: t(`enums.role.${d.role}`) })}</div>);
  if (e.note && e.kind !== 'reported' && e.kind !== 'found') lines.push(<div key="n" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{e.note}</div>);
  return lines.length ? <div style={{ color: '#595959', fontSize: 13 }}>{lines}</div> : null;
}

function RectTimeline({ events }: { events: RectEvent[] }) {
  const { t } = useI18n();
  if (!events.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Timeline data-testid="hazard-timeline"
      items={events.map((e) => ({
        key: e.id,
        color: EVENT_COLORS[e.kind] ?? 'blue',
        content: (
          <div style={{ minWidth: 0 }}>
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center' }}>
              <Typography.Text strong>{t(`inspections.event.${e.kind}`)}</Typography.Text>
              <span>{e.actorName ?? t('detail.system')}</span>
              {e.fromState && e.toState && e.fromState !== e.toState && (
                <span style={{ fontSize: 12 }}>
                  <Tag style={{ marginInlineEnd: 4 }}>{t(`inspections.state.${e.fromState}`)}</Tag>→<Tag style={{ marginInlineStart: 4 }}>{t(`inspections.state.${e.toState}`)}</Tag>
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

function Body({ r }: { r: RectificationDetail }) {
  const { t, locale } = useI18n();
  const phone = useIsPhone();
  const none = <span style={{ color: '#bbb' }}>{t('common.none')}</span>;
  const text = (v: string | null) => (v ? <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{v}</span> : none);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={15}>
        <Card size="small" title={t('hazards.web.detail.hazard')}>
          <Descriptions column={phone ? 1 : 2} size="small" items={[
            { key: 'kind', label: t('hazards.web.board.kind'), children: kindLabel(t, r.kind) },
            { key: 'severity', label: t('hazards.web.board.severity'), children: <SeverityTag severity={r.severity} /> },
            { key: 'location', label: t('hazards.web.board.location'), children: r.locationPath || r.zone || none, span: 'filled' as const },
            { key: 'description', label: t('hazards.web.detail.description'), children: text(r.description), span: 'filled' as const },
            { key: 'reporter', label: t('hazards.web.detail.reporter'), children: r.reporterName ?? none },
            { key: 'reportedAt', label: t('hazards.web.board.reportedAt'), children: fmtTime(r.reportedAt) },
            ...(r.inspection ? [{
              key: 'inspection', label: t('hazards.web.board.source'), span: 'filled' as const,
              children: <Link to={`/inspections/${r.inspection.id}`}>{t('hazards.web.detail.fromInspection', { name: locale === 'en-US' ? r.inspection.templateName.en ?? r.inspection.templateName.zh : r.inspection.templateName.zh, day: r.inspection.day })}</Link>,
            }] : []),
          ]} />
          <div style={{ marginTop: 8 }} data-testid="hazard-photos-before">
            <Typography.Text type="secondary">{t('hazards.web.detail.before')}</Typography.Text>
            <div style={{ marginTop: 6 }}><PhotoGallery files={r.photos.before} empty={<Typography.Text type="secondary">{t('hazards.web.detail.noPhotos')}</Typography.Text>} /></div>
          </div>
        </Card>
        <Card size="small" title={t('hazards.web.detail.rectification')} style={{ marginTop: 16 }}>
          <Descriptions column={phone ? 1 : 2} size="small" items={[
            { key: 'owner', label: t('hazards.web.detail.owner'), children: r.ownerName ?? none },
            { key: 'deadline', label: t('hazards.web.detail.deadline'), children: r.deadline ? <DeadlineText r={r} /> : none },
            { key: 'plan', label: t('hazards.web.detail.plan'), children: text(r.plan), span: 'filled' as const },
            ...(r.rectifiedAt ? [
              { key: 'rectifiedAt', label: t('hazards.web.detail.rectifiedAt'), children: `${fmtTime(r.rectifiedAt)} · ${r.rectifiedByName ?? ''}` },
              { key: 'rectifyNote', label: t('hazards.web.detail.rectifyNote'), children: text(r.rectifyNote), span: 'filled' as const },
            ] : []),
            ...(r.verifiedAt ? [
              { key: 'verifiedAt', label: t('hazards.web.detail.verifiedAt'), children: `${fmtTime(r.verifiedAt)} · ${r.verifiedByName ?? ''}` },
              { key: 'verifyNote', label: t('hazards.web.detail.verifyNote'), children: text(r.verifyNote), span: 'filled' as const },
            ] : []),
          ]} />
          <div style={{ marginTop: 8 }} data-testid="hazard-photos-after">
            <Typography.Text type="secondary">{t('hazards.web.detail.after')}</Typography.Text>
            <div style={{ marginTop: 6 }}><PhotoGallery files={r.photos.after} empty={<Typography.Text type="secondary">{t('hazards.web.detail.noPhotos')}</Typography.Text>} /></div>
          </div>
        </Card>
      </Col>
      <Col xs={24} lg={9}>
        <Card size="small" title={t('hazards.web.detail.timeline')}>
          <RectTimeline events={r.events} />
        </Card>
      </Col>
    </Row>
  );
}

/** One hazard: before/after photos, owner, plan, deadline, the timeline, and the steps this person may take now. */
export default function HazardDetailPage() {
  const { t } = useI18n();
  const phone = useIsPhone();
  const navigate = useNavigate();
  const { id } = useParams();
  const n = Number(id);
  const q = useHazard(Number.isInteger(n) && n > 0 ? n : null);
  const r = q.data;
  const back = () => (window.history.length > 1 ? navigate(-1) : navigate('/safety/hazards'));
  if (!Number.isInteger(n) || n <= 0 || (q.isError && q.error instanceof ApiError && q.error.status === 404)) {
    return <Alert type="warning" showIcon title={t('detail.notFound')} data-testid="hazard-not-found" />;
  }
  if (q.isError) return <Alert type="error" showIcon title={(q.error as Error).message} action={<Button size="small" onClick={() => q.refetch()}>{t('common.retry')}</Button>} />;
  if (!r) return <Skeleton active />;
  return (
    <div data-testid="page-hazard-detail">
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, marginBottom: 12 }}>
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={back} aria-label={t('common.back')} />
        <Typography.Title level={4} style={{ margin: 0, flex: '1 1 200px', minWidth: 0, overflowWrap: 'anywhere' }} data-testid="page-title">{r.title}</Typography.Title>
        <RectStateTag state={r.state} />
        <OverdueTag overdue={r.overdue} />
        {r.escalated && <Tag color="volcano">{t('hazards.web.board.escalated')}</Tag>}
      </div>
      {r.actions.length > 0 && (
        <div style={{ marginBottom: 12 }} data-testid="hazard-actions">
          <HazardActions r={r} block={phone} size={phone ? 'large' : 'middle'} />
        </div>
      )}
      <Body r={r} />
    </div>
  );
}
