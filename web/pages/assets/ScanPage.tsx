import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, Button, Skeleton } from 'antd';
import { ApiError } from '../../api/client';
import { useAssetByCode } from '../../api/assets';
import { useI18n } from '../../app/i18n';
import { TransferDialog } from './TransferDialog';
import { AssetActions, AssetCardBody, AssetHeader } from './AssetDetailPage';

/**
 * Where a label's QR code lands (`/assets/scan/<code>`): the card of that asset on the phone,
 * with "报修" first (the repairs report form with the asset and its place filled in).
 */
export default function ScanPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { code = '' } = useParams();
  const q = useAssetByCode(code || null);
  const [transferOpen, setTransferOpen] = useState(false);
  const a = q.data;
  if (q.isError && q.error instanceof ApiError && q.error.status === 404) {
    return <Alert type="warning" showIcon title={t('assets.web.scanNotFound', { code })} data-testid="scan-not-found" />;
  }
  if (q.isError) return <Alert type="error" showIcon title={(q.error as Error).message} action={<Button size="small" onClick={() => q.refetch()}>{t('common.retry')}</Button>} />;
  if (!a) return <Skeleton active />;
  return (
    <div data-testid="page-asset-scan">
      <AssetHeader a={a} onBack={window.history.length > 1 ? () => navigate(-1) : undefined} />
      <AssetActions a={a} onTransfer={() => setTransferOpen(true)} />
      <AssetCardBody a={a} />
      <TransferDialog open={transferOpen} onClose={() => setTransferOpen(false)} ids={[a.id]} version={a.version} />
    </div>
  );
}
