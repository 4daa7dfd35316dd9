import type { ReactNode } from 'react';
import { Alert, Button, Empty, Skeleton, Space, Tag } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { PassStatus } from '../../../../contracts/safetyGate';
import type { T } from '../../../app/i18n';
import { useI18n } from '../../../app/i18n';

/** "11-18 10:05" (this year) or "2025-11-18 10:05". */
export function when(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = dayjs(iso);
  return d.year() === dayjs().year() ? d.format('MM-DD HH:mm') : d.format('YYYY-MM-DD HH:mm');
}
export const hm = (iso: string | null | undefined) => (iso ? dayjs(iso).format('HH:mm') : '');
export const klass = (t: T, grade: number, name: string) => t('common.className', { grade, name });

export const PASS_COLORS: Record<PassStatus, string> = { pending: 'blue', valid: 'green', expired: 'default', out: 'orange', returned: 'cyan', cancelled: 'default' };
export function PassStatusTag({ status, overdue }: { status: PassStatus; overdue?: boolean }) {
  const { t } = useI18n();
  return (
    <Space size={4} wrap>
      <Tag color={PASS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid="pass-status">{t(`gate.passes.status.${status}`)}</Tag>
      {overdue && <Tag color="red" style={{ marginInlineEnd: 0 }}>{t('gate.passes.overdueReturn')}</Tag>}
    </Space>
  );
}

/** A list's states: error with retry, loading, empty, or the rows with "load more". */
export function ListFrame({ q, count, empty, children }: {
  q: { isError: boolean; isPending: boolean; error: unknown; refetch: () => unknown; hasNextPage?: boolean; fetchNextPage: () => unknown; isFetchingNextPage: boolean };
  count: number; empty: string; children: ReactNode;
}) {
  const { t } = useI18n();
  if (q.isError) return <Alert type="error" showIcon title={(q.error as Error).message} action={<Button size="small" icon={<ReloadOutlined />} onClick={() => q.refetch()}>{t('common.retry')}</Button>} />;
  if (q.isPending) return <Skeleton active />;
  if (!count) return <Empty description={empty} style={{ padding: '32px 0' }} />;
  return (
    <>
      {children}
      <div style={{ textAlign: 'center', padding: '12px 0', color: '#8c8c8c', fontSize: 12 }}>
        {q.hasNextPage
          ? <Button onClick={() => q.fetchNextPage()} loading={q.isFetchingNextPage} data-testid="list-load-more">{t('common.loadMore')}</Button>
          : t('common.allLoaded', { count })}
      </div>
    </>
  );
}

/** Cards one column on a phone, several on a desktop. */
export const cardGrid = { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))', gap: 12 } as const;

/** The month "YYYY-MM" now. */
export const thisMonth = () => dayjs().format('YYYY-MM');
