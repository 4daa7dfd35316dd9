import { Alert, Button, Empty, Segmented, Skeleton, Space } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import type { RepairOrder } from '../../../contracts/repairs';
import type { Query } from '../../api/client';
import { useRepairList } from '../../api/repairs';
import { useI18n } from '../../app/i18n';
import { RepairActions } from './RepairActions';
import { RepairCard } from './shared';

export interface StateFilter { key: string; labelKey: string; state?: string }

/** A segmented state filter over a list of orders. */
export function StateSegments({ filters, value, onChange }: { filters: StateFilter[]; value: string; onChange: (k: string) => void }) {
  const { t } = useI18n();
  return (
    <div style={{ overflowX: 'auto', marginBottom: 12, maxWidth: '100%' }}>
      <Segmented value={value} onChange={(v) => onChange(String(v))} data-testid="repair-state-filter"
        options={filters.map((f) => ({ value: f.key, label: t(f.labelKey) }))} />
    </div>
  );
}

/** Orders as cards (one column on a phone, several on a desktop), each with its allowed actions; "load more" paging. */
export function OrderCards({ query, showReporter = true, showAssignee = true, blockActions, emptyKey }: {
  query: Query; showReporter?: boolean; showAssignee?: boolean; blockActions?: boolean; emptyKey?: string;
}) {
  const { t } = useI18n();
  const list = useRepairList(query, { limit: 20 });
  const items: RepairOrder[] = list.data?.pages.flatMap((p) => p.items) ?? [];
  if (list.isError) {
    return <Alert type="error" showIcon title={(list.error as Error).message} action={<Button size="small" icon={<ReloadOutlined />} onClick={() => list.refetch()}>{t('common.retry')}</Button>} />;
  }
  if (list.isPending) return <Skeleton active />;
  if (!items.length) return <Empty description={t(emptyKey ?? 'list.empty')} style={{ padding: '32px 0' }} />;
  return (
    <>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))', gap: 12 }} data-testid="repair-list">
        {items.map((o) => (
          <RepairCard key={o.id} order={o} showReporter={showReporter} showAssignee={showAssignee}
            extra={o.actions.length ? <RepairActions order={o} block={blockActions} size={blockActions ? 'large' : 'middle'} /> : undefined} />
        ))}
      </div>
      <div style={{ textAlign: 'center', padding: '12px 0', color: '#8c8c8c' }}>
        {list.hasNextPage ? (
          <Space orientation="vertical" size={4}>
            <Button onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="list-load-more">{t('common.loadMore')}</Button>
            <span style={{ fontSize: 12 }}>{t('common.loaded', { count: items.length })}</span>
          </Space>
        ) : <span style={{ fontSize: 12 }}>{t('common.allLoaded', { count: items.length })}</span>}
      </div>
    </>
  );
}
