import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, Button, Card, Col, Drawer, Row, Skeleton, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { useIncident } from '../../../api/safetyRecords';
import { useCan } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PhotoGallery } from '../../../components/files/PhotoGallery';
import { useIsPhone } from '../../../components/useIsPhone';
import { IncidentForm } from './IncidentFormPage';
import { AccidentTag } from './IncidentsPage';
import { Fields } from '../../../components/lists/Fields';
import { fmtTime } from '../../../components/lists/format';
import { RecordTimeline, SAFETY, SeverityTag } from './shared';

/** One incident: the facts, the actions and follow-up, photos, its timeline; leaders complete and correct it. */
export default function IncidentDetailPage() {
  const { t } = useI18n();
  const can = useCan();
  const phone = useIsPhone();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const q = useIncident(id);
  const [editing, setEditing] = useState(false);
  if (q.isError) return <Alert type="error" showIcon title={(q.error as Error).message} />;
  if (!q.data) return <Skeleton active />;
  const i = q.data;
  return (
    <div data-testid="page-safety-incident">
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, marginBottom: 12 }}>
        <Button size="large" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label={t('common.back')} />
        <Typography.Title level={4} style={{ margin: 0, flex: '1 1 auto', minWidth: 0, overflowWrap: 'anywhere' }} data-testid="incident-heading">{i.title}</Typography.Title>
        <SeverityTag severity={i.severity} />
        <AccidentTag on={i.safetyAccident} />
        {can(SAFETY.incidentsManage) && <Button size="large" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="incident-edit">{t('common.edit')}</Button>}
      </div>
      {i.safetyAccident && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('safety.incidents.vetoNote', { year: i.year })} />}
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('detail.fields')}>
            <Fields rows={[
              [t('safety.fields.occurredAt'), fmtTime(i.occurredAt)],
              [t('safety.fields.locationId'), i.locationPath ?? i.place],
              [t('safety.fields.description'), i.description],
              [t('safety.fields.people'), i.people],
              [t('safety.fields.severity'), <SeverityTag severity={i.severity} />],
              [t('safety.fields.safetyAccident'), t(i.safetyAccident ? 'common.yes' : 'common.no')],
              [t('safety.fields.actions'), i.actions],
              [t('safety.fields.followUp'), i.followUp],
              [t('safety.incidents.reporter'), `${i.reporterName ?? ''} · ${fmtTime(i.reportedAt)}`],
            ]} />
          </Card>
          <Card size="small" title={t('safety.fields.photoIds')} style={{ marginTop: 12 }}><PhotoGallery files={i.photos} /></Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('detail.timeline')}><RecordTimeline history={i.history} /></Card>
        </Col>
      </Row>
      <Drawer open={editing} onClose={() => setEditing(false)} title={t('safety.incidents.edit')} size={phone ? '100%' : 560} destroyOnHidden>
        {editing && <IncidentForm existing={i} onDone={() => setEditing(false)} />}
      </Drawer>
    </div>
  );
}
