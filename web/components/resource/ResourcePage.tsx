import { useMemo, useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Empty, Segmented, Space, Spin, Table, Typography, type TableColumnsType, type TableProps } from 'antd';
import { PlusOutlined, DownloadOutlined, UploadOutlined, ReloadOutlined } from '@ant-design/icons';
import { download, ApiError, api, type Query } from '../../api/client';
import { useInvalidate, useList, useSchools, type AnyRecord } from '../../api/hooks';
import { useCan, useCurrentUser } from '../../app/auth';
import { useT } from '../../app/i18n';
import { ImportDialog } from '../ImportDialog';
import { PageHeader } from '../PageHeader';
import { useIsPhone } from '../useIsPhone';
import { FilterBar } from './FilterBar';
import { RecordDetail } from './RecordDetail';
import { RecordForm } from './RecordForm';
import { StatusTag, fieldLabel, renderField } from './display';
import type { Ctx, FieldDef, ResourceConfig } from './types';

/** URL parameters that are not list filters. */
const NOT_FILTERS = new Set(['id', 'view']);

/**
 * The one list page every org resource uses: filter bar (main filters + "更多"), sortable table
 * (cards on a phone), status tags, bulk (de)activation, keyset "load more", export, import,
 * and the record's detail drawer and form. Filters, sort and the open record live in the URL.
 */
export function ResourcePage<R extends AnyRecord>({ config, headerExtra }: { config: ResourceConfig<R>; headerExtra?: ReactNode }) {
  const t = useT();
  const me = useCurrentUser();
  const can = useCan();
  const ctx: Ctx = useMemo(() => ({ t, me, can }), [t, me, can]);
  const phone = useIsPhone();
  const { message, modal } = App.useApp();
  const invalidate = useInvalidate();
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState<R | 'new' | null>(null);
  const [importOpen, setImportOpen] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [selected, setSelected] = useState<number[]>([]);
  const [bulkBusy, setBulkBusy] = useState(false);

  const values = useMemo(() => Object.fromEntries([...params.entries()].filter(([k]) => !NOT_FILTERS.has(k))), [params]);
  const query: Query = values;
  const detailId = params.get('id') ? Number(params.get('id')) : null;
  const view = params.get('view') === 'alt' && config.altView ? 'alt' : 'list';
  const writable = can(config.write);
  const district = me.schoolKind === 'bureau';

  const list = useList<R>(config.resource, query, { enabled: view === 'list' });
  // A district reader sees several schools' rows: each says whose it is.
  const schools = useSchools(district);
  const schoolName = (r: R) => schools.data?.items.find((s) => s.id === r.schoolId)?.name ?? '';
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const fieldsByName = useMemo(() => new Map(config.fields.map((f) => [f.name, f] as [string, FieldDef<R>])), [config.fields]);

  const setParam = (name: string, value: string | null) => {
    setSelected([]);
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value == null || value === '') next.delete(name); else next.set(name, value);
      return next;
    }, { replace: true });
  };
  const open = (id: number | null) => setParam('id', id == null ? null : String(id));
  /** A real link to the record (keyboard, new tab, shareable): the list's URL plus its id. */
  const hrefOf = (id: number) => { const next = new URLSearchParams(params); next.set('id', String(id)); return `?${next.toString()}`; };
  const reset = () => setParams((prev) => {
    const next = new URLSearchParams();
    for (const k of NOT_FILTERS) { const v = prev.get(k); if (v) next.set(k, v); }
    return next;
  }, { replace: true });

  const sortRaw = values.sort ?? '';
  const sortKey = sortRaw.replace(/^-/, '');
  const sortDesc = sortRaw.startsWith('-');

  const cell = (c: ResourceConfig<R>['columns'][number], r: R): ReactNode => {
    if (c.render) return c.render(r, t);
    const f = c.field ? fieldsByName.get(c.field) : undefined;
    return f ? renderField(f, r, t) : String(r[c.key ?? ''] ?? '');
  };
  const visibleColumns = config.columns.filter((c) => can(c.action));

  const columns: TableColumnsType<R> = [
    ...visibleColumns.map((c, i) => {
      const f = c.field ? fieldsByName.get(c.field) : undefined;
      return {
        key: c.key ?? c.field ?? String(i),
        title: c.title ? t(c.title) : f ? fieldLabel(f, t) : '',
        width: c.width,
        sorter: c.sort ? true : false,
        sortOrder: c.sort && sortKey === c.sort ? (sortDesc ? 'descend' as const : 'ascend' as const) : null,
        sortDirections: ['ascend' as const, 'descend' as const, 'ascend' as const],
        render: (_: unknown, r: R) => (i === 0
          ? <Link to={hrefOf(r.id)} replace data-testid="row-open">{cell(c, r)}</Link>
          : cell(c, r)),
      };
    }),
    ...(district ? [{ key: '_school', title: t('list.school'), render: (_: unknown, r: R) => schoolName(r) }] : []),
    { key: '_status', title: t('common.status'), width: 90, render: (_: unknown, r: R) => <StatusTag active={r.active} t={t} /> },
    { key: '_open', title: t('common.actions'), width: 80, render: (_: unknown, r: R) => <Link to={hrefOf(r.id)} replace>{t('common.view')}</Link> },
  ];
  const sortKeyOfColumn = new Map(visibleColumns.map((c, i) => [c.key ?? c.field ?? String(i), c.sort]));

  const onTableChange: TableProps<R>['onChange'] = (_p, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const key = s?.columnKey != null ? sortKeyOfColumn.get(String(s.columnKey)) : undefined;
    if (!key || !s.order) setParam('sort', null);
    else setParam('sort', s.order === 'descend' ? `-${key}` : key);
  };

  const sortOptions = visibleColumns.filter((c) => c.sort).flatMap((c) => {
    const f = c.field ? fieldsByName.get(c.field) : undefined;
    const label = c.title ? t(c.title) : f ? fieldLabel(f, t) : c.sort!;
    return [
      { value: c.sort!, label: `${label} · ${t('common.ascending')}` },
      { value: `-${c.sort}`, label: `${label} · ${t('common.descending')}` },
    ];
  });

  const doExport = async () => {
    setExporting(true);
    try {
      const name = await download(`/${config.resource}/export`, query, `${config.resource}.xlsx`);
      message.success(t('common.exportDone', { name }));
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setExporting(false);
    }
  };

  const inactiveView = values.active === 'false';
  const bulk = async () => {
    setBulkBusy(true);
    let ok = 0;
    let failed = 0;
    const errors: string[] = [];
    for (const id of selected) {
      try {
        await api(`/${config.resource}/${id}/${inactiveView ? 'activate' : 'deactivate'}`, { method: 'POST' });
        ok++;
      } catch (e) {
        failed++;
        if (e instanceof ApiError && !errors.includes(e.message)) errors.push(e.message);
      }
    }
    setBulkBusy(false);
    setSelected([]);
    await invalidate(config.resource);
    if (failed) modal.warning({ title: t('common.bulkDone', { ok, failed }), content: errors.join('；') });
    else message.success(t('common.bulkDone', { ok, failed }));
  };

  const title = t(config.titleKey);
  const what = t(config.entityKey);

  const header = (
    <PageHeader
      title={title}
      extra={(
        <>
          {headerExtra}
          {config.altView && (
            <Segmented value={view} onChange={(v) => setParam('view', v === 'alt' ? 'alt' : null)} data-testid="view-switch"
              options={[{ value: 'list', label: t('common.list') }, { value: 'alt', label: t(config.altView.labelKey) }]} />
          )}
          <Button icon={<DownloadOutlined />} onClick={doExport} loading={exporting} data-testid="export-button">{t('common.export')}</Button>
          {config.importable && writable && <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)} data-testid="import-button">{t('common.import')}</Button>}
          {writable && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="create-button">{t('common.create')}</Button>}
        </>
      )}
    />
  );

  const loadMore = (
    <div style={{ textAlign: 'center', padding: '12px 0', color: '#8c8c8c' }}>
      {list.hasNextPage ? (
        <Space orientation="vertical" size={4}>
          <Button onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="list-load-more">{t('common.loadMore')}</Button>
          <span style={{ fontSize: 12 }}>{t('common.loaded', { count: items.length })}</span>
        </Space>
      ) : items.length > 0 ? <span style={{ fontSize: 12 }} data-testid="list-end">{t('common.allLoaded', { count: items.length })}</span> : null}
    </div>
  );

  const bulkBar = writable && selected.length > 0 && (
    <Alert type="info" style={{ marginBottom: 8 }} title={t('common.selected', { count: selected.length })}
      action={(
        <Space>
          <Button size="small" onClick={() => setSelected([])}>{t('common.cancel')}</Button>
          <Button size="small" danger={!inactiveView} loading={bulkBusy} onClick={bulk} data-testid="bulk-action">
            {t(inactiveView ? 'common.bulkActivate' : 'common.bulkDeactivate')}
          </Button>
        </Space>
      )} />
  );

  const body = list.isError ? (
    <Alert type="error" showIcon title={(list.error as Error).message} action={<Button size="small" icon={<ReloadOutlined />} onClick={() => list.refetch()}>{t('common.retry')}</Button>} />
  ) : phone ? (
    <div data-testid="list-cards">
      {list.isPending ? <div style={{ textAlign: 'center', padding: 24 }}><Spin /></div>
        : !items.length ? <Empty description={t('list.empty')} />
          : (
            <div style={{ display: 'grid', gap: 8 }}>
              {items.map((r) => (
                <Card key={r.id} size="small" hoverable onClick={() => open(r.id)} data-testid="list-card" styles={{ body: { padding: 12 } }}
                  role="button" tabIndex={0} onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(r.id); } }}>
                  <div style={{ display: 'flex', alignItems: 'flex-start', gap: 8 }}>
                    <Typography.Text strong style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }}>{config.title(r, t)}</Typography.Text>
                    <StatusTag active={r.active} t={t} />
                  </div>
                  {(config.subtitle || district) && (
                    <div style={{ color: '#8c8c8c', fontSize: 12, marginTop: 2 }}>
                      {[district ? schoolName(r) : null, config.subtitle?.(r, ctx)].filter(Boolean).map((x, i) => <span key={i}>{i > 0 && ' · '}{x}</span>)}
                    </div>
                  )}
                  {(config.cardFields ?? []).length > 0 && (
                    <div style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '2px 10px', marginTop: 6, fontSize: 13 }}>
                      {(config.cardFields ?? []).map((n) => fieldsByName.get(n)).filter((f): f is FieldDef<R> => !!f && can(f.action) && (f.render != null || (r[f.name] != null && r[f.name] !== ''))).map((f) => (
                        <div key={f.name} style={{ display: 'contents' }}>
                          <span style={{ color: '#8c8c8c' }}>{fieldLabel(f, t)}</span>
                          <span style={{ minWidth: 0, overflowWrap: 'anywhere' }}>{renderField(f, r, t)}</span>
                        </div>
                      ))}
                    </div>
                  )}
                </Card>
              ))}
            </div>
          )}
      {loadMore}
    </div>
  ) : (
    <>
      {bulkBar}
      <Table<R>
        data-testid="list-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items}
        loading={list.isPending || (list.isFetching && !list.isFetchingNextPage)}
        pagination={false}
        onChange={onTableChange}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: list.isPending ? ' ' : undefined }}
        rowSelection={writable ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]), columnWidth: 40 } : undefined}
      />
      {loadMore}
    </>
  );

  return (
    <div data-testid={`page-${config.resource}`}>
      {header}
      <FilterBar t={t} filters={config.filters} values={values} onChange={setParam} onReset={reset}
        searchPlaceholder={t(config.searchKey ?? 'list.searchPlaceholder')} schoolFilter={district} sortOptions={sortOptions} phone={phone} />
      {view === 'alt' && config.altView ? config.altView.render({ filters: query, open: (id) => open(id) }) : body}
      <RecordDetail config={config} ctx={ctx} id={detailId} onClose={() => open(null)} onEdit={(r) => setEditing(r)} />
      <RecordForm config={config} ctx={ctx} open={editing != null} record={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
        onSaved={(r) => { const created = editing === 'new'; setEditing(null); if (created) open(r.id); }}
        onReplace={(r) => setEditing(r)} />
      {config.importable && <ImportDialog resource={config.resource} what={what} open={importOpen} onClose={() => setImportOpen(false)} />}
    </div>
  );
}
