import { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { App, Button, Empty, Space, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { download } from '../../api/client';
import { useAssetList, useAssetPeople } from '../../api/assets';
import { useCan, useCurrentUser } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { PageHeader } from '../../components/PageHeader';
import { useIsPhone } from '../../components/useIsPhone';
import { ASSET_ACTIONS, AssetCard, PersonSelect, money } from './shared';

/**
 * 名下资产: the assets in a person's name. Everyone sees their own; the register's keepers choose
 * anyone (a person leaving the school) and export the handover list 交接清单.
 */
export default function MinePage() {
  const { t } = useI18n();
  const phone = useIsPhone();
  const me = useCurrentUser();
  const can = useCan();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const keeper = can(ASSET_ACTIONS.register);
  const who = keeper && params.get('custodianId') ? Number(params.get('custodianId')) : me.id;
  const people = useAssetPeople(keeper);
  const person = people.data?.find((p) => p.id === who);
  const list = useAssetList(keeper ? { custodianId: who } : { mine: 'true' }, { limit: 100 });
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const total = items.reduce((a, x) => a + x.originalValueFen, 0);
  const name = who === me.id ? me.name : person?.name ?? '';

  return (
    <div data-testid="page-asset-mine">
      <PageHeader title={who === me.id ? t('assets.web.mineTitle') : t('assets.web.mineOf', { name })} extra={keeper ? (
        <Button icon={<DownloadOutlined />} onClick={() => download('/assets/export', { custodianId: who }, 'handover.xlsx').catch((e) => message.error((e as Error).message))} data-testid="mine-handover">{t('assets.web.handover')}</Button>
      ) : undefined} />
      {keeper && (
        <div style={{ marginBottom: 12 }}>
          <PersonSelect value={who} onChange={(v) => setParams(v ? { custodianId: String(v) } : {}, { replace: true })} placeholder={t('assets.web.pickPerson')}
            style={{ width: phone ? '100%' : 360 }} allowClear={false} testId="mine-person" />
        </div>
      )}
      <Space style={{ marginBottom: 8 }} wrap>
        <Typography.Text>{t('assets.web.count', { n: items.length })}{list.hasNextPage ? '+' : ''}</Typography.Text>
        <Typography.Text type="secondary">{t('assets.web.value', { amount: money(total) })}</Typography.Text>
      </Space>
      {!items.length && !list.isPending && <Empty description={t('assets.web.mineEmpty')} />}
      <div style={{ display: 'grid', gridTemplateColumns: phone ? '1fr' : 'repeat(auto-fill, minmax(340px, 1fr))', gap: 8 }}>
        {items.map((a) => <AssetCard key={a.id} a={a} onClick={() => navigate(`/assets/${a.id}`)} />)}
      </div>
      {list.hasNextPage && <Button block onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage} style={{ marginTop: 8 }} size="large">{t('assets.web.more')}</Button>}
    </div>
  );
}
