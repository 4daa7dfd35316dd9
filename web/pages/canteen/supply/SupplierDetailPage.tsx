import { Link, useParams } from 'react-router';
import { Alert, Button, Card, Descriptions, Empty, Skeleton, Space, Tag } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useSupplier } from '../../../api/canteenSupply';
import { useCan } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { PhotoGallery } from '../../../components/files/PhotoGallery';
import { LicenceTag, SUPPLY, SupplyTimeline } from './shared';

/** A supplier: contact, admission, licences with their scans and expiry, incidents, history. */
export default function SupplierDetailPage() {
  const { t } = useI18n();
  const can = useCan();
  const id = Number(useParams().id);
  const q = useSupplier(id);
  if (q.isPending) return <Skeleton active />;
  if (q.isError) return <Alert type="error" showIcon title={(q.error as Error).message} />;
  const s = q.data;
  return (
    <div data-testid="page-canteen-supplier">
      <PageHeader title={s.name} extra={can(SUPPLY.suppliersWrite) && <Link to={`/canteen/supply/suppliers/${s.id}/edit`}><Button size="large" icon={<EditOutlined />} data-testid="supplier-edit">{t('canteen.supply.web.edit')}</Button></Link>} />
      {!s.admissible && <Alert type="error" showIcon style={{ marginBottom: 12 }} data-testid="supplier-problems" title={s.problems.map((p) => t(`canteen.supply.problem.${p}`)).join('、')} />}
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Card size="small">
          <Descriptions column={{ xs: 1, sm: 2 }} size="small" items={[
            { key: 'status', label: t('fields.status'), children: <Tag color={s.status === 'admitted' ? 'blue' : 'default'}>{t(`canteen.supply.status.${s.status}`)}</Tag> },
            { key: 'credit', label: t('fields.creditCode'), children: s.creditCode },
            { key: 'contact', label: t('fields.contact'), children: `${s.contact} ${s.phone}` },
            { key: 'address', label: t('fields.address'), children: s.address },
            { key: 'declared', label: t('fields.noIncidentDeclared'), children: t(s.noIncidentDeclared ? 'common.yes' : 'common.no') },
            { key: 'note', label: t('fields.note'), children: s.note ?? '' },
          ]} />
        </Card>
        <Card size="small" title={t('canteen.supply.web.licences')}>
          {s.licences.length ? s.licences.map((l) => (
            <div key={l.id} style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }} data-testid="licence-row">
              <Space wrap><strong>{t(`canteen.supply.licenceKind.${l.kind}`)}</strong><span>{l.number}</span><LicenceTag state={l.state} date={l.expiresOn} /></Space>
              {l.scans.length > 0 && <div style={{ marginTop: 6 }}><PhotoGallery files={l.scans} size={72} /></div>}
            </div>
          )) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
        </Card>
        <Card size="small" title={t('canteen.supply.web.incidents')}>
          {s.incidents.length ? s.incidents.map((i) => <div key={i.id}>{i.occurredOn} · {i.description}</div>) : t('canteen.supply.web.noIncidents')}
        </Card>
        <Card size="small" title={t('canteen.supply.web.history')}><SupplyTimeline history={s.history} /></Card>
      </Space>
    </div>
  );
}
