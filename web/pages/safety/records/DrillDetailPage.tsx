import { Link, useNavigate, useParams } from 'react-router';
import { Alert, Button, Card, Col, Row, Skeleton, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { useDrill, useRecordsSettings } from '../../../api/safetyRecords';
import { useCan } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PhotoGallery } from '../../../components/files/PhotoGallery';
import { EvacuationTag } from './DrillsPage';
import { Fields } from '../../../components/lists/Fields';
import { KindTag, RecordTimeline, SAFETY } from './shared';

/** One drill: what, when, who, how fast, what went wrong, the review, photos and its history. */
export default function DrillDetailPage() {
  const { t } = useI18n();
  const can = useCan();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const q = useDrill(id);
  const { settings } = useRecordsSettings();
  if (q.isError) return <Alert type="error" showIcon title={(q.error as Error).message} />;
  if (!q.data) return <Skeleton active />;
  const d = q.data;
  return (
    <div data-testid="page-safety-drill">
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, marginBottom: 12 }}>
        <Button size="large" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label={t('common.back')} />
        <Typography.Title level={4} style={{ margin: 0, flex: '1 1 auto' }}>{d.heldOn} {t(`safety.kind.${d.scenario}`)}{t('safety.drills.drill')}</Typography.Title>
        <EvacuationTag d={d} />
        {can(SAFETY.drillsWrite) && <Link to={`/safety/drills/${d.id}/edit`}><Button size="large" icon={<EditOutlined />} data-testid="drill-edit">{t('common.edit')}</Button></Link>}
      </div>
      {d.slow && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('safety.drills.slowBanner', { s: settings.evacuationTargetSeconds })} />}
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('detail.fields')}>
            <Fields rows={[
              [t('safety.fields.scenario'), <KindTag kind={d.scenario} />],
              [t('safety.fields.planId'), d.planTitle],
              [t('safety.fields.organiserId'), d.organiserName],
              [t('safety.fields.participantCount'), t('common.people', { count: d.participantCount })],
              [t('safety.fields.classIds'), d.classNames.join('、') || null],
              [t('safety.fields.evacuationSeconds'), <EvacuationTag d={d} />],
              [t('safety.fields.problems'), d.problems],
              [t('safety.fields.review'), d.review],
            ]} />
          </Card>
          <Card size="small" title={t('safety.fields.photoIds')} style={{ marginTop: 12 }}><PhotoGallery files={d.photos} /></Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('detail.timeline')}><RecordTimeline history={d.history} /></Card>
        </Col>
      </Row>
    </div>
  );
}
