import type { ReactNode } from 'react';
import { Alert, Button, Card, Empty, Skeleton, Space, Table, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useI18n } from '../../app/i18n';
import { useIsPhone } from '../useIsPhone';

/** What RecordList reads of a TanStack infinite query of keyset pages. */
export interface KeysetListQuery<R> {
  data?: { pages: { items: R[] }[] };
  isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown;
  hasNextPage: boolean; fetchNextPage: () => unknown; isFetchingNextPage: boolean; isFetching: boolean;
}

/** A page of a keyset list: a table on a desktop, cards on a phone, "load more" at the end. */
export function RecordList<R extends { id: number }>({ list, columns, card, emptyKey, testId }: {
  list: KeysetListQuery<R>;
  columns: TableColumnsType<R>;
  card: (r: R) => ReactNode;
  emptyKey?: string;
  testId: string;
}) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  if (list.isError) {
    return <Alert type="error" showIcon title={(list.error as Error).message} action={<Button size="small" icon={<ReloadOutlined />} onClick={() => list.refetch()}>{t('common.retry')}</Button>} />;
  }
  const more = (
    <div style={{ textAlign: 'center', padding: '12px 0', color: '#8c8c8c' }}>
      {list.hasNextPage ? (
        <Space orientation="vertical" size={4}>
          <Button size="large" onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="list-load-more">{t('common.loadMore')}</Button>
          <span style={{ fontSize: 12 }}>{t('common.loaded', { count: items.length })}</span>
        </Space>
      ) : items.length > 0 ? <span style={{ fontSize: 12 }} data-testid="list-end">{t('common.allLoaded', { count: items.length })}</span> : null}
    </div>
  );
  if (phone) {
    if (list.isPending) return <Skeleton active />;
    if (!items.length) return <Empty description={t(emptyKey ?? 'list.empty')} style={{ padding: '32px 0' }} />;
    return <div data-testid={testId}><div style={{ display: 'grid', gap: 8 }}>{items.map((r) => <div key={r.id} data-testid="list-card">{card(r)}</div>)}</div>{more}</div>;
  }
  return (
    <div data-testid={testId}>
      <Table<R> rowKey="id" size="middle" columns={columns} dataSource={items} pagination={false} scroll={{ x: 'max-content' }}
        loading={list.isPending || (list.isFetching && !list.isFetchingNextPage)} locale={{ emptyText: list.isPending ? ' ' : t(emptyKey ?? 'list.empty') }} data-testid="list-table" />
      {more}
    </div>
  );
}

/** A tappable card of a list on a phone. */
export function ListCard({ title, tags, lines, onClick, href }: { title: ReactNode; tags?: ReactNode; lines: ReactNode[]; onClick?: () => void; href?: string }) {
  const body = (
    <Card size="small" hoverable onClick={onClick} styles={{ body: { padding: 12 } }} role={onClick ? 'button' : undefined}>
      <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
        <Typography.Text strong style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere', fontSize: 15 }}>{title}</Typography.Text>
        <span style={{ display: 'flex', gap: 4, flexWrap: 'wrap', justifyContent: 'flex-end' }}>{tags}</span>
      </div>
      <div style={{ color: '#595959', fontSize: 13, marginTop: 4, display: 'grid', gap: 2 }}>{lines.filter(Boolean).map((l, i) => <div key={i} style={{ overflowWrap: 'anywhere' }}>{l}</div>)}</div>
    </Card>
  );
  return href ? <a href={href} onClick={(e) => { if (onClick) { e.preventDefault(); onClick(); } }} style={{ color: 'inherit', display: 'block' }}>{body}</a> : body;
}
