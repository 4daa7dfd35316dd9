import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, Button, Card, Form, Radio, Select, Space, Typography } from 'antd';
import { FilePdfOutlined } from '@ant-design/icons';
import { ASSET_STATUSES, LABEL_SIZES, MAX_LABELS } from '../../../contracts/assets';
import { ApiError, download, type Query } from '../../api/client';
import { useI18n } from '../../app/i18n';
import { PageHeader } from '../../components/PageHeader';
import { LocationTreeSelect } from '../../components/refs';
import { useIsPhone } from '../../components/useIsPhone';
import { ClassSelect } from './shared';

/**
 * 资产标签: a PDF of QR labels for the assets chosen on the list (?ids=) or by class, place and
 * status, on A4 sheets of 24 or one 40 × 30 mm label a page. A phone scan opens the asset.
 */
export default function LabelsPage() {
  const { t } = useI18n();
  const phone = useIsPhone();
  const [params] = useSearchParams();
  const ids = useMemo(() => (params.get('ids') ?? '').split(',').map(Number).filter((n) => n > 0), [params]);
  const [scope, setScope] = useState<'selected' | 'filter'>(ids.length ? 'selected' : 'filter');
  const [size, setSize] = useState<(typeof LABEL_SIZES)[number]>('a4-24');
  const [filters, setFilters] = useState<{ classCode?: string | null; locationId?: number | null; status?: string | null }>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const make = async () => {
    setError(null);
    setBusy(true);
    const q: Query = scope === 'selected' ? { ids: ids.join(','), size } : { size, classCode: filters.classCode, locationId: filters.locationId, status: filters.status };
    try {
      await download('/assets/labels', q, 'asset-labels.pdf');
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="page-asset-labels">
      <PageHeader title={t('assets.labelsWeb.title')} />
      <Card>
        <Typography.Paragraph type="secondary">{t('assets.labelsWeb.hint')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="labels-error" />}
        <Form layout="vertical" size={phone ? 'large' : 'middle'}>
          <Form.Item label={t('assets.labelsWeb.size')}>
            <Radio.Group value={size} onChange={(e) => setSize(e.target.value)} data-testid="labels-size">
              <Space direction="vertical">{LABEL_SIZES.map((s) => <Radio key={s} value={s}>{t(`assets.labelsWeb.sizes.${s}`)}</Radio>)}</Space>
            </Radio.Group>
          </Form.Item>
          <Form.Item label={t('assets.labelsWeb.scope')} extra={t('assets.labelsWeb.max', { max: MAX_LABELS })}>
            <Radio.Group value={scope} onChange={(e) => setScope(e.target.value)}>
              <Space direction="vertical">
                {ids.length > 0 && <Radio value="selected">{t('assets.labelsWeb.scopeSelected', { n: ids.length })}</Radio>}
                <Radio value="filter">{t('assets.labelsWeb.scopeFilter')}</Radio>
              </Space>
            </Radio.Group>
          </Form.Item>
          {scope === 'filter' && (
            <div style={{ display: 'grid', gridTemplateColumns: phone ? '1fr' : 'repeat(3, minmax(0, 1fr))', gap: 8, marginBottom: 16 }}>
              <ClassSelect value={filters.classCode ?? null} onChange={(v) => setFilters({ ...filters, classCode: v })} placeholder={t('assets.web.filters.class')} />
              <LocationTreeSelect value={filters.locationId ?? null} onChange={(v) => setFilters({ ...filters, locationId: v })} placeholder={t('assets.web.filters.location')} />
              <Select allowClear value={filters.status ?? undefined} onChange={(v) => setFilters({ ...filters, status: v ?? null })} placeholder={t('assets.web.filters.status')}
                options={ASSET_STATUSES.filter((s) => s !== 'disposed').map((s) => ({ value: s, label: t(`assets.status.${s}`) }))} />
            </div>
          )}
          <Button type="primary" icon={<FilePdfOutlined />} loading={busy} onClick={make} block={phone} data-testid="labels-make">{t('assets.labelsWeb.print')}</Button>
        </Form>
      </Card>
    </div>
  );
}
