import { Link, useSearchParams } from 'react-router';
import { Alert, Button, Segmented, Select, Skeleton, Space } from 'antd';
import { ReloadOutlined, SettingOutlined } from '@ant-design/icons';
import { APPROVAL_STATES, type ApprovalBox, type ApprovalItem } from '../../../contracts/approvals';
import { useApprovalKinds, useApprovalList } from '../../api/approvals';
import { useCan } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { PageHeader } from '../../components/PageHeader';
import { ApprovalCard, NoApprovals } from './shared';

/** Who sees the "all" box: the school's leaders and the district's inspectors (the server narrows the rest). */
const ALL_BOX_ACTIONS = 'approvals.rules.read';

/** 审批: 待我审批 / 我已审批 / 我发起的 (and everything, for leaders), as cards that work on a phone. */
export default function ApprovalsInboxPage() {
  const { t, has } = useI18n();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  // Someone who decides nothing (an inspector) only has the read-only "all" box; leaders have it besides theirs.
  const boxes: ApprovalBox[] = !can('approvals.decide') ? ['all'] : can(ALL_BOX_ACTIONS) ? ['todo', 'done', 'mine', 'all'] : ['todo', 'done', 'mine'];
  const box = (boxes as string[]).includes(params.get('box') ?? '') ? params.get('box') as ApprovalBox : boxes[0];
  const kind = params.get('kind') ?? undefined;
  const state = params.get('state') ?? undefined;
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) { if (v) next.set(k, v); else next.delete(k); }
    setParams(next, { replace: true });
  };
  const kinds = useApprovalKinds();
  const list = useApprovalList(box, { kind, state });
  const items: ApprovalItem[] = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div data-testid="page-approvals" style={{ maxWidth: 960 }}>
      <PageHeader title={t('approvals.page.inbox')} extra={(
        <>
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} loading={list.isFetching && !list.isFetchingNextPage} aria-label={t('common.refresh')} />
          {can('approvals.rules.read') && <Link to="/approvals/rules"><Button icon={<SettingOutlined />} data-testid="approval-rules-link">{t('approvals.page.rules')}</Button></Link>}
        </>
      )} />
      <div style={{ overflowX: 'auto', marginBottom: 12 }}>
        <Segmented size="large" value={box} onChange={(v) => set({ box: String(v) })} data-testid="approval-box"
          options={boxes.map((b) => ({ value: b, label: <span data-testid={`approval-box-${b}`}>{t(`approvals.box.${b}`)}</span> }))} />
      </div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear placeholder={t('approvals.page.allKinds')} value={kind} onChange={(v) => set({ kind: v })} style={{ minWidth: 160 }} size="large"
          options={(kinds.data?.items ?? []).map((k) => ({ value: k.kind, label: has(k.labelKey) ? t(k.labelKey) : k.kind }))} data-testid="approval-kind-filter" />
        {box !== 'todo' && (
          <Select allowClear placeholder={t('approvals.page.allStates')} value={state} onChange={(v) => set({ state: v })} style={{ minWidth: 130 }} size="large"
            options={APPROVAL_STATES.map((s) => ({ value: s, label: t(`approvals.state.${s}`) }))} data-testid="approval-state-filter" />
        )}
      </Space>
      {list.isError ? <Alert type="error" showIcon title={(list.error as Error).message} />
        : list.isPending ? <Skeleton active />
          : !items.length ? <NoApprovals />
            : (
              <>
                <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))', gap: 12 }} data-testid="approval-list">
                  {items.map((a) => <ApprovalCard key={a.id} a={a} />)}
                </div>
                <div style={{ textAlign: 'center', padding: '12px 0', color: '#8c8c8c' }}>
                  {list.hasNextPage ? (
                    <Button size="large" onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="list-load-more">{t('common.loadMore')}</Button>
                  ) : <span style={{ fontSize: 12 }}>{t('common.allLoaded', { count: items.length })}</span>}
                </div>
              </>
            )}
    </div>
  );
}
