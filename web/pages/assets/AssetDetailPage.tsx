import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, Button, Card, Col, Descriptions, Row, Skeleton, Statistic, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined, QrcodeOutlined, SwapOutlined, ToolOutlined } from '@ant-design/icons';
import type { AssetDetail } from '../../../contracts/assets';
import { ApiError } from '../../api/client';
import { useAsset, yuan } from '../../api/assets';
import { useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { PhotoGallery } from '../../components/files/PhotoGallery';
import { useIsPhone } from '../../components/useIsPhone';
import { TransferDialog } from './TransferDialog';
import { ASSET_ACTIONS, AssetTimeline, LowValueTag, StatusTag, money } from './shared';

/** The report form with the asset and its place filled in (the repairs page reads ?locationId= and ?assetId=). */
export const reportFaultUrl = (a: Pick<AssetDetail, 'id' | 'locationId'>) => `/repairs/new?${new URLSearchParams({ assetId: String(a.id), ...(a.locationId ? { locationId: String(a.locationId) } : {}) })}`;

/** The card's body: the national card fields, depreciation, photos and history. Shared with the scan page. */
export function AssetCardBody({ a }: { a: AssetDetail }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const none = <span style={{ color: '#bbb' }}>{t('common.none')}</span>;
  const depreciates = a.lifeMonths != null;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={15}>
        <Card size="small" title={t('assets.web.card')}>
          <Descriptions column={phone ? 1 : 2} size="small" data-testid="asset-fields" items={[
            { key: 'code', label: t('assets.field.code'), children: <Typography.Text copyable>{a.code}</Typography.Text> },
            { key: 'class', label: t('assets.field.className'), children: `${a.classCode} ${a.className}` },
            { key: 'name', label: t('assets.field.name'), children: a.name },
            { key: 'way', label: t('assets.field.acquiredWay'), children: t(`assets.way.${a.acquiredWay}`) },
            { key: 'model', label: t('assets.field.model'), children: a.model ?? none },
            { key: 'serial', label: t('assets.field.serialNo'), children: a.serialNo ?? none },
            { key: 'qty', label: t('assets.field.quantity'), children: `${a.quantity} ${a.unit ?? ''}` },
            { key: 'unitPrice', label: t('assets.field.unitPrice'), children: yuan(a.unitPriceFen) },
            { key: 'acquired', label: t('assets.field.acquiredOn'), children: a.acquiredOn },
            { key: 'entered', label: t('assets.field.enteredOn'), children: a.enteredOn },
            { key: 'status', label: t('assets.field.status'), children: <StatusTag status={a.status} /> },
            { key: 'low', label: t('assets.field.lowValue'), children: t(a.lowValue ? 'common.yes' : 'common.no') },
            { key: 'location', label: t('assets.field.location'), children: a.locationPath ?? none, span: 'filled' as const },
            { key: 'department', label: t('assets.field.department'), children: a.departmentName ?? none },
            { key: 'custodian', label: t('assets.field.custodian'), children: a.custodianName ?? none },
            ...(a.disposedOn ? [{ key: 'disposed', label: t('assets.status.disposed'), children: a.disposedOn }] : []),
            ...(a.notes ? [{ key: 'notes', label: t('assets.field.notes'), children: <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{a.notes}</span>, span: 'filled' as const }] : []),
          ]} />
        </Card>
        <Card size="small" title={t('assets.web.depreciation')} style={{ marginTop: 16 }} data-testid="asset-depreciation">
          <div style={{ display: 'grid', gridTemplateColumns: phone ? '1fr 1fr' : 'repeat(4, 1fr)', gap: 12 }}>
            <Statistic title={t('assets.web.original')} value={yuan(a.originalValueFen)} prefix="¥" />
            <Statistic title={t('assets.field.accumulated').replace(/[（(].*$/, '')} value={yuan(a.accumulatedFen)} prefix="¥" />
            <Statistic title={t('assets.web.net')} value={yuan(a.netValueFen)} prefix="¥" valueStyle={{ color: '#1677ff' }} />
            <Statistic title={t('assets.field.life')} value={depreciates ? t('assets.web.lifeYears', { n: Math.round((a.lifeMonths! / 12) * 10) / 10 }) : '—'} />
          </div>
          <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
            {depreciates
              ? `${t('assets.web.perMonth', { amount: money(a.monthlyFen) })}${a.depreciatedThrough ? ` · ${t('assets.web.throughMonth', { month: a.depreciatedThrough })}` : ''}`
              : a.lowValue ? `${t('assets.web.lowValueTag')} · ${t('assets.web.notDepreciated')}` : t('assets.web.notDepreciated')}
          </Typography.Text>
        </Card>
        <Card size="small" title={t('assets.field.photos')} style={{ marginTop: 16 }}>
          <PhotoGallery files={a.photos} empty={<Typography.Text type="secondary">{t('assets.web.noPhotos')}</Typography.Text>} />
        </Card>
      </Col>
      <Col xs={24} lg={9}>
        <Card size="small" title={t('assets.web.timeline')}><AssetTimeline events={a.events} /></Card>
      </Col>
    </Row>
  );
}

/** The buttons a reader may use on a card: report a fault (everyone who reports), edit, transfer and label (keepers). */
export function AssetActions({ a, onTransfer }: { a: AssetDetail; onTransfer: () => void }) {
  const { t } = useI18n();
  const can = useCan();
  const phone = useIsPhone();
  const navigate = useNavigate();
  const size = phone ? 'large' : 'middle';
  const live = a.status !== 'disposed';
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }} data-testid="asset-actions">
      {live && can('repairs.order.report') && (
        <Button type="primary" danger icon={<ToolOutlined />} size={size} block={phone} onClick={() => navigate(reportFaultUrl(a))} data-testid="asset-report-fault">{t('assets.web.reportFault')}</Button>
      )}
      {a.canManage && live && <Button icon={<EditOutlined />} size={size} onClick={() => navigate(`/assets/${a.id}/edit`)} data-testid="asset-edit">{t('assets.web.edit')}</Button>}
      {a.canManage && live && can(ASSET_ACTIONS.write) && <Button icon={<SwapOutlined />} size={size} onClick={onTransfer} data-testid="asset-transfer">{t('assets.web.transfer')}</Button>}
      {can(ASSET_ACTIONS.labels) && <Button icon={<QrcodeOutlined />} size={size} onClick={() => navigate(`/assets/labels?ids=${a.id}`)} data-testid="asset-label">{t('assets.web.printLabel')}</Button>}
    </div>
  );
}

export function AssetHeader({ a, onBack }: { a: AssetDetail; onBack?: () => void }) {
  const { t } = useI18n();
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, marginBottom: 12 }}>
      {onBack && <Button type="text" icon={<ArrowLeftOutlined />} onClick={onBack} aria-label={t('common.back')} />}
      <div style={{ minWidth: 0 }}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="page-title">{a.name}</Typography.Title>
        <Typography.Text type="secondary">{a.code}</Typography.Text>
      </div>
      <StatusTag status={a.status} />
      <LowValueTag low={a.lowValue} />
    </div>
  );
}

/** One asset card: fields, net value, photos, history, and the buttons the reader may use. */
export default function AssetDetailPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { id } = useParams();
  const n = Number(id);
  const q = useAsset(Number.isInteger(n) && n > 0 ? n : null);
  const [transferOpen, setTransferOpen] = useState(false);
  const a = q.data;
  const back = () => (window.history.length > 1 ? navigate(-1) : navigate('/assets'));
  if (!Number.isInteger(n) || n <= 0 || (q.isError && q.error instanceof ApiError && q.error.status === 404)) {
    return <Alert type="warning" showIcon title={t('assets.web.notFound')} data-testid="asset-not-found" />;
  }
  if (q.isError) return <Alert type="error" showIcon title={(q.error as Error).message} action={<Button size="small" onClick={() => q.refetch()}>{t('common.retry')}</Button>} />;
  if (!a) return <Skeleton active />;
  return (
    <div data-testid="page-asset-detail">
      <AssetHeader a={a} onBack={back} />
      <AssetActions a={a} onTransfer={() => setTransferOpen(true)} />
      <AssetCardBody a={a} />
      <TransferDialog open={transferOpen} onClose={() => setTransferOpen(false)} ids={[a.id]} version={a.version} />
    </div>
  );
}
