import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Button, Card, DatePicker, Empty, Input, Select, Space, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { SafetyCertificateOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { HistoryEntry } from '../../../contracts/common';
import { useList, useVerifyChain } from '../../api/hooks';
import { useI18n } from '../../app/i18n';
import { ChangeList, actionColor, actionLabel } from '../../components/History';
import { PageHeader } from '../../components/PageHeader';
import { RefSelect } from '../../components/refs';
import { useIsPhone } from '../../components/useIsPhone';

const ENTITIES = ['campus', 'building', 'location', 'department', 'class', 'student', 'user', 'school'] as const;
const ACTIONS = ['create', 'update', 'deactivate', 'activate', 'roles', 'resetPassword', 'changePassword', 'seedDemo'] as const;
const ENTITY_PATH: Record<string, string> = {
  campus: '/org/campuses', building: '/org/buildings', location: '/org/locations', department: '/org/departments',
  class: '/org/classes', student: '/org/students', user: '/users', school: '/school',
};
const FILTERS = ['entity', 'entityId', 'action', 'actorId', 'from', 'to', 'q'] as const;

/** The chain check: every entry hashed with the one before, so a changed or removed entry shows. */
function VerifyResult({ verify }: { verify: ReturnType<typeof useVerifyChain> }) {
  const { t } = useI18n();
  const r = verify.data;
  if (!r && !verify.isError) return null;
  const reason = r?.brokenAt ? t(`audit.reason${r.brokenAt.reason[0].toUpperCase()}${r.brokenAt.reason.slice(1)}`) : '';
  return (
    <Alert data-testid="audit-verify-result" showIcon closable={{ onClose: () => verify.reset() }} style={{ marginBottom: 12 }}
      type={verify.isError ? 'error' : r?.ok ? 'success' : 'error'}
      title={verify.isError ? (verify.error as Error).message
        : r!.ok ? t('audit.verifyOk', { entries: r!.entries })
          : t('audit.verifyBroken', { seq: r!.brokenAt?.seq ?? '?', reason, entries: r!.entries })} />
  );
}

export default function AuditPage() {
  const { t, has } = useI18n();
  const phone = useIsPhone();
  const [params, setParams] = useSearchParams();
  const values = useMemo(() => Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? undefined])), [params]);
  const list = useList<HistoryEntry>('audit', values);
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const [q, setQ] = useState(values.q ?? '');
  const verify = useVerifyChain();
  useEffect(() => setQ(values.q ?? ''), [values.q]);

  const set = (patch: Record<string, string | null | undefined>) => setParams((prev) => {
    const next = new URLSearchParams(prev);
    for (const [k, v] of Object.entries(patch)) { if (v) next.set(k, v); else next.delete(k); }
    return next;
  }, { replace: true });
  useEffect(() => {
    const id = setTimeout(() => { if ((values.q ?? '') !== q) set({ q: q.trim() || null }); }, 400);
    return () => clearTimeout(id);
  }, [q]); // only the typed text restarts the wait

  const entityLabel = (e: string) => (has(`entity.${e}`) ? t(`entity.${e}`) : e);
  const record = (e: HistoryEntry) => (
    <span>
      {entityLabel(e.entity)}{' '}
      {ENTITY_PATH[e.entity] && e.entity !== 'school'
        ? <Link to={`${ENTITY_PATH[e.entity]}?id=${e.entityId}`} title={t('audit.openRecord')}>#{e.entityId}</Link>
        : <span>#{e.entityId}</span>}
      {' '}<a onClick={() => set({ entity: e.entity, entityId: e.entityId })} style={{ fontSize: 12 }}>{t('common.filters')}</a>
    </span>
  );
  const when = (e: HistoryEntry) => dayjs(e.at).format('YYYY-MM-DD HH:mm:ss');

  const columns: TableColumnsType<HistoryEntry> = [
    { key: 'at', title: t('audit.at'), width: 170, render: (_, e) => <span style={{ whiteSpace: 'nowrap' }}>{when(e)}</span> },
    { key: 'actor', title: t('audit.actor'), width: 140, render: (_, e) => <span>{e.actorName ?? t('detail.system')}{e.ip && <div style={{ color: '#999', fontSize: 12 }}>{e.ip}</div>}</span> },
    { key: 'action', title: t('audit.action'), width: 140, render: (_, e) => <Tag color={actionColor(e.action)}>{actionLabel(e.action, t, has)}</Tag> },
    { key: 'record', title: t('audit.record'), width: 170, render: (_, e) => record(e) },
    { key: 'changes', title: t('audit.changes'), render: (_, e) => <ChangeList entity={e.entity} before={e.before} after={e.after} /> },
  ];

  const dateValue: [dayjs.Dayjs | null, dayjs.Dayjs | null] | null = values.from || values.to
    ? [values.from ? dayjs(values.from) : null, values.to ? dayjs(values.to) : null] : null;
  const w = phone ? 'calc(50% - 4px)' : 160;
  const anyFilter = FILTERS.some((k) => values[k]);

  return (
    <div data-testid="page-audit">
      <PageHeader title={t('audit.title')} extra={(
        <Button icon={<SafetyCertificateOutlined />} onClick={() => verify.mutate()} loading={verify.isPending} data-testid="audit-verify">
          {t(verify.isPending ? 'audit.verifying' : 'audit.verify')}
        </Button>
      )} />
      <VerifyResult verify={verify} />
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }} data-testid="filter-bar">
        <Input.Search allowClear placeholder={t('audit.textPlaceholder')} value={q} onChange={(e) => setQ(e.target.value)}
          onSearch={(v) => set({ q: v.trim() || null })} style={{ width: phone ? '100%' : 220 }} data-testid="filter-q" />
        <Select allowClear placeholder={t('audit.entity')} style={{ width: w }} value={values.entity} onChange={(v) => set({ entity: v, entityId: null })}
          options={ENTITIES.map((e) => ({ value: e, label: entityLabel(e) }))} data-testid="filter-entity" />
        <Select allowClear placeholder={t('audit.action')} style={{ width: w }} value={values.action} onChange={(v) => set({ action: v })}
          options={ACTIONS.map((a) => ({ value: a, label: actionLabel(a, t, has) }))} data-testid="filter-action" />
        <RefSelect kind="users" placeholder={t('audit.actor')} style={{ width: w }} value={values.actorId ? Number(values.actorId) : null}
          onChange={(v) => set({ actorId: v == null ? null : String(v) })} />
        {phone ? (
          // Two single pickers: a range picker's two months do not fit a phone.
          <>
            <DatePicker style={{ width: w }} placeholder={t('fields.from')} value={values.from ? dayjs(values.from) : null} data-testid="filter-from"
              onChange={(d) => set({ from: d ? d.format('YYYY-MM-DD') : null })} inputReadOnly />
            <DatePicker style={{ width: w }} placeholder={t('fields.to')} value={values.to ? dayjs(values.to) : null} data-testid="filter-to"
              onChange={(d) => set({ to: d ? d.format('YYYY-MM-DD') : null })} inputReadOnly />
          </>
        ) : (
          <DatePicker.RangePicker style={{ width: 260 }} value={dateValue} allowEmpty={[true, true]} data-testid="filter-dates"
            onChange={(r) => set({ from: r?.[0]?.format('YYYY-MM-DD') ?? null, to: r?.[1]?.format('YYYY-MM-DD') ?? null })} />
        )}
        {values.entityId && <Tag closable onClose={() => set({ entityId: null })} style={{ alignSelf: 'center' }}>#{values.entityId}</Tag>}
        {anyFilter && <Button type="text" onClick={() => setParams({}, { replace: true })}>{t('common.reset')}</Button>}
      </div>

      {list.isError ? (
        <Alert type="error" showIcon title={(list.error as Error).message} action={<Button size="small" icon={<ReloadOutlined />} onClick={() => list.refetch()}>{t('common.retry')}</Button>} />
      ) : phone ? (
        <div data-testid="list-cards" style={{ display: 'grid', gap: 8 }}>
          {list.isPending ? <Spin /> : !items.length ? <Empty /> : items.map((e) => (
            <Card key={e.seq} size="small" styles={{ body: { padding: 12 } }}>
              <Space wrap size={4} style={{ marginBottom: 4 }}>
                <Tag color={actionColor(e.action)}>{actionLabel(e.action, t, has)}</Tag>
                <Typography.Text strong>{e.actorName ?? t('detail.system')}</Typography.Text>
              </Space>
              <div style={{ fontSize: 12, color: '#8c8c8c', marginBottom: 6 }}>{when(e)} · {record(e)}</div>
              <ChangeList entity={e.entity} before={e.before} after={e.after} />
            </Card>
          ))}
        </div>
      ) : (
        <Table<HistoryEntry> data-testid="list-table" rowKey="seq" size="middle" columns={columns} dataSource={items}
          loading={list.isPending || (list.isFetching && !list.isFetchingNextPage)} pagination={false} scroll={{ x: 'max-content' }} />
      )}
      <div style={{ textAlign: 'center', padding: '12px 0', color: '#8c8c8c', fontSize: 12 }}>
        {list.hasNextPage
          ? <Button onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="list-load-more">{t('common.loadMore')}</Button>
          : items.length > 0 && t('common.allLoaded', { count: items.length })}
      </div>
    </div>
  );
}
