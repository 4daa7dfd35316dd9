import { Link, useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Popconfirm, Skeleton, Space, Table, Tag } from 'antd';
import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { IntakeItem } from '../../../../contracts/canteenSupply';
import { ApiError } from '../../../api/client';
import { useDeleteIntake, useIntake } from '../../../api/canteenSupply';
import { useCan } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { PhotoGallery } from '../../../components/files/PhotoGallery';
import { useIsPhone } from '../../../components/useIsPhone';
import { fmtTime } from '../../../components/lists/format';
import { ResultTag, SUPPLY, SupplyTimeline, yuan } from './shared';

/** One intake: supplier, items with results, certificates, inspectors, retention; correction and (after retention) deletion. */
export default function IntakeDetailPage() {
  const { t } = useI18n();
  const can = useCan();
  const phone = useIsPhone();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const id = Number(useParams().id);
  const q = useIntake(id);
  const del = useDeleteIntake();
  if (q.isPending) return <Skeleton active />;
  if (q.isError) return <Alert type="error" showIcon title={(q.error as Error).message} />;
  const i = q.data;
  const deletable = dayjs().format('YYYY-MM-DD') >= i.retainUntil;
  const remove = async () => {
    try {
      await del.mutateAsync({ id: i.id, version: i.version });
      navigate('/canteen/supply/intakes');
    } catch (e) { message.error(e instanceof ApiError ? e.message : String(e)); }
  };
  const detailLine = (it: IntakeItem) => [
    it.spec, it.productionDate && `${t('fields.productionDate')} ${it.productionDate}`, it.batch && `${t('fields.batch')} ${it.batch}`,
    it.shelfLifeDays && `${t('fields.shelfLifeDays')} ${it.shelfLifeDays}`, it.expiresOn && `${t('canteen.supply.web.expiresOn')} ${it.expiresOn}`,
    it.temperature != null && `${it.temperature}℃`,
  ].filter(Boolean).join(' · ');
  return (
    <div data-testid="page-canteen-intake">
      <PageHeader title={`${i.supplierName} · ${fmtTime(i.receivedAt)}`} extra={<Space>
        {can(SUPPLY.intakesWrite) && <Link to={`/canteen/supply/intakes/${i.id}/edit`}><Button size="large" icon={<EditOutlined />} data-testid="intake-correct">{t('canteen.supply.web.correctIntake')}</Button></Link>}
        {can(SUPPLY.intakesDelete) && (
          <Popconfirm title={t('canteen.supply.web.deleteConfirm')} onConfirm={remove} disabled={!deletable}>
            <Button size="large" danger icon={<DeleteOutlined />} disabled={!deletable} title={deletable ? undefined : `${t('canteen.supply.web.retainUntil')} ${i.retainUntil}`} data-testid="intake-delete">{t('canteen.supply.web.deleteIntake')}</Button>
          </Popconfirm>
        )}
      </Space>} />
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Card size="small">
          <Descriptions column={{ xs: 1, sm: 2 }} size="small" items={[
            { key: 'supplier', label: t('canteen.supply.web.supplierInfo'), children: <Link to={`/canteen/supply/suppliers/${i.supplierId}`}>{i.supplier.name}</Link> },
            { key: 'contact', label: t('fields.contact'), children: `${i.supplier.contact} ${i.supplier.phone}` },
            { key: 'address', label: t('fields.address'), children: i.supplier.address },
            { key: 'credit', label: t('fields.creditCode'), children: i.supplier.creditCode },
            { key: 'inspectors', label: t('fields.inspectorIds'), children: <span data-testid="inspectors">{i.inspectorNames.join('、')}{i.hasBulk && <Tag color="purple" style={{ marginInlineStart: 8 }}>{t('fields.bulk')}</Tag>}</span> },
            { key: 'amount', label: t('canteen.supply.web.amount'), children: yuan(i.acceptedAmountFen) },
            { key: 'retain', label: t('canteen.supply.web.retainUntil'), children: i.retainUntil },
            { key: 'note', label: t('fields.note'), children: i.note ?? '' },
          ]} />
        </Card>
        <Card size="small" title={t('canteen.supply.web.items')}>
          {phone ? i.items.map((it) => (
            <div key={it.id} style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }} data-testid="item-row">
              <Space wrap><strong>{it.name}</strong><ResultTag result={it.result} />{it.bulk && <Tag color="purple">{t('fields.bulk')}</Tag>}<span>{it.quantity}{it.unit} × {yuan(it.unitPriceFen)} = {yuan(it.amountFen)}</span></Space>
              <div style={{ color: '#595959', fontSize: 13 }}>{t(`canteen.supply.destination.${it.destination}`)} · {detailLine(it)}</div>
              {it.result === 'refused' && <div style={{ color: '#cf1322' }}>{it.refuseReason}（{it.disposal && t(`canteen.supply.disposal.${it.disposal}`)}）</div>}
              {it.certs.length > 0 && <PhotoGallery files={it.certs} size={64} />}
            </div>
          )) : (
            <Table<IntakeItem> rowKey="id" size="small" pagination={false} dataSource={i.items} scroll={{ x: 'max-content' }} data-testid="items-table" columns={[
              { key: 'name', title: t('fields.name'), render: (_, it) => <Space>{it.name}{it.bulk && <Tag color="purple">{t('fields.bulk')}</Tag>}</Space> },
              { key: 'category', title: t('fields.category'), render: (_, it) => t(`canteen.supply.category.${it.category}`) },
              { key: 'qty', title: t('fields.quantity'), align: 'right', render: (_, it) => `${it.quantity} ${it.unit}` },
              { key: 'price', title: t('fields.unitPriceFen'), align: 'right', render: (_, it) => yuan(it.unitPriceFen) },
              { key: 'amount', title: t('canteen.supply.web.amount'), align: 'right', render: (_, it) => yuan(it.amountFen) },
              { key: 'detail', title: t('fields.productionDate'), render: (_, it) => detailLine(it) },
              { key: 'dest', title: t('fields.destination'), render: (_, it) => t(`canteen.supply.destination.${it.destination}`) },
              { key: 'result', title: t('fields.result'), render: (_, it) => <Space orientation="vertical" size={0}><ResultTag result={it.result} />{it.result === 'refused' && <span style={{ color: '#cf1322' }}>{it.refuseReason}（{it.disposal && t(`canteen.supply.disposal.${it.disposal}`)}）</span>}</Space> },
              { key: 'certs', title: t('canteen.supply.web.itemCerts'), render: (_, it) => (it.certs.length ? <PhotoGallery files={it.certs} size={48} /> : null) },
            ]} />
          )}
        </Card>
        <Card size="small" title={t('canteen.supply.web.intakeCerts')}><PhotoGallery files={i.certs} /></Card>
        <Card size="small" title={t('canteen.supply.web.history')}><SupplyTimeline history={i.history} /></Card>
      </Space>
    </div>
  );
}
