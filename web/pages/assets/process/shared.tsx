import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Alert, Button, Empty, Select, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { DamageState, DisposalState, PartyOption, ProcessEvent, StocktakeState } from '../../../../contracts/assetsProcess';
import type { Asset } from '../../../../contracts/assets';
import { api, ApiError } from '../../../api/client';
import type { PageOf } from '../../../api/hooks';
import { useParties, useStocktakePeople } from '../../../api/assetsProcess';
import { useI18n } from '../../../app/i18n';

/** The actions the server's policy declares for these pages. */
export const PROCESS_ACTIONS = {
  stocktakeRead: 'assets.stocktake.read',
  stocktakePlan: 'assets.stocktake.plan',
  stocktakeCount: 'assets.stocktake.count',
  stocktakeResolve: 'assets.stocktake.resolve',
  damageRead: 'assets.damage.read',
  damageReport: 'assets.damage.report',
  damageManage: 'assets.damage.manage',
  damagePay: 'assets.damage.pay',
  damagePayments: 'assets.damage.payments.read',
  damageOutstanding: 'assets.damage.outstanding.read',
  disposalRead: 'assets.disposal.read',
  disposalRequest: 'assets.disposal.request',
  disposalCarry: 'assets.disposal.carry',
} as const;

export const STOCKTAKE_COLORS: Record<StocktakeState, string> = { planned: 'default', counting: 'processing', reviewing: 'warning', closed: 'success', cancelled: 'default' };
export const DAMAGE_COLORS: Record<DamageState, string> = { outstanding: 'error', paid: 'success', waived: 'cyan', no_party: 'default', cancelled: 'default' };
export const DISPOSAL_COLORS: Record<DisposalState, string> = { pending: 'processing', returned: 'warning', approved: 'gold', rejected: 'error', done: 'success', cancelled: 'default' };
export const RESULT_COLORS: Record<string, string> = { pending: 'default', found: 'success', wrong_place: 'warning', missing: 'error', surplus: 'purple' };

export function StocktakeTag({ state }: { state: StocktakeState }) {
  const { t } = useI18n();
  return <Tag color={STOCKTAKE_COLORS[state]} style={{ marginInlineEnd: 0 }} data-testid="stocktake-state">{t(`stocktake.state.${state}`)}</Tag>;
}
export function DamageTag({ state }: { state: DamageState }) {
  const { t } = useI18n();
  return <Tag color={DAMAGE_COLORS[state]} style={{ marginInlineEnd: 0 }} data-testid="damage-state">{t(`damage.state.${state}`)}</Tag>;
}
export function DisposalTag({ state }: { state: DisposalState }) {
  const { t } = useI18n();
  return <Tag color={DISPOSAL_COLORS[state]} style={{ marginInlineEnd: 0 }} data-testid="disposal-state">{t(`disposal.state.${state}`)}</Tag>;
}
export function ResultTag({ result }: { result: string }) {
  const { t } = useI18n();
  return <Tag color={RESULT_COLORS[result]} style={{ marginInlineEnd: 0 }}>{t(`stocktake.result.${result}`)}</Tag>;
}

/** Fen as yuan with two decimals: 1366.62. */
export const yuan = (fen: number | null | undefined) => (fen == null ? '—' : (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
/** Yuan typed in a form → fen (exact to the fen). */
export const toFen = (y: number | null | undefined) => (y == null ? 0 : Math.round(y * 100));
export const fmtTime = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '');

/** A document's timeline: kind (in the namespace's words), who, when, the note. */
export function ProcessTimeline({ events, ns, render }: { events: ProcessEvent[]; ns: 'stocktake' | 'damage' | 'disposal'; render?: (e: ProcessEvent) => ReactNode }) {
  const { t, has } = useI18n();
  if (!events.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Timeline data-testid={`${ns}-timeline`} items={events.map((e) => ({
      key: e.id,
      content: (
        <div style={{ minWidth: 0 }}>
          <Space size={6} wrap>
            <Typography.Text strong>{has(`${ns}.event.${e.kind}`) ? t(`${ns}.event.${e.kind}`) : e.kind}</Typography.Text>
            <span>{e.actorName ?? t('detail.system')}</span>
          </Space>
          <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{fmtTime(e.at)}</Typography.Text></div>
          {render?.(e)}
          {e.note && <div style={{ color: '#595959', fontSize: 13, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{e.note}</div>}
        </div>
      ),
    }))} />
  );
}

/** A list's error with a retry button. */
export function LoadError({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = useI18n();
  return <Alert type="error" showIcon title={(error as Error).message} action={<Button size="small" icon={<ReloadOutlined />} onClick={retry}>{t('common.retry')}</Button>} />;
}

/** "Load more" under a keyset list. */
export function LoadMore({ count, hasNext, loading, onMore }: { count: number; hasNext: boolean; loading: boolean; onMore: () => void }) {
  const { t } = useI18n();
  return (
    <div style={{ textAlign: 'center', padding: '12px 0', color: '#8c8c8c', fontSize: 12 }}>
      {hasNext ? <Button onClick={onMore} loading={loading} data-testid="list-load-more">{t('common.loadMore')}</Button> : count > 0 && t('common.allLoaded', { count })}
    </div>
  );
}

export type AssetOption = Pick<Asset, 'id' | 'code' | 'name' | 'status' | 'lowValue' | 'quantity' | 'originalValueFen' | 'netValueFen' | 'locationPath'>;

/**
 * Picks assets of the register by code or name (the register's own search); a typed code that the
 * list does not return (a person who may read a card but not the whole register) is looked up by code.
 */
export function AssetPicker({ value, onChange, multiple = false, placeholder, exclude = ['disposed'], testId = 'asset-picker', onPicked }: {
  value?: number | number[] | null; onChange?: (v: number | number[] | null) => void; multiple?: boolean; placeholder?: string;
  exclude?: string[]; testId?: string; onPicked?: (assets: AssetOption[]) => void;
}) {
  const [search, setSearch] = useState('');
  const [options, setOptions] = useState<AssetOption[]>([]);
  const [known, setKnown] = useState<Map<number, AssetOption>>(new Map());
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    const q = search.trim();
    if (!q) { setOptions([]); return; }
    const ctrl = new AbortController();
    const timer = setTimeout(async () => {
      setLoading(true);
      try {
        let items: AssetOption[] = [];
        try { items = (await api<PageOf<AssetOption>>('/assets', { query: { q, limit: 20 }, signal: ctrl.signal })).items; } catch (e) { if (!(e instanceof ApiError)) throw e; }
        if (!items.some((a) => a.code === q)) {
          try { items = [await api<AssetOption>(`/assets/by-code/${encodeURIComponent(q)}`, { signal: ctrl.signal }), ...items]; } catch { /* not a code */ }
        }
        setOptions(items.filter((a) => !exclude.includes(a.status)));
      } catch { /* aborted */ } finally { setLoading(false); }
    }, 250);
    return () => { clearTimeout(timer); ctrl.abort(); };
  }, [search, exclude]);
  const all = useMemo(() => {
    const m = new Map(known);
    for (const o of options) m.set(o.id, o);
    return m;
  }, [known, options]);
  const selected = (multiple ? (value as number[] | undefined) ?? [] : value != null ? [value as number] : []);
  const shown = [...new Map([...selected.map((id) => all.get(id)).filter((x): x is AssetOption => !!x), ...options].map((o) => [o.id, o])).values()];
  return (
    <Select
      mode={multiple ? 'multiple' : undefined} showSearch={{ filterOption: false, onSearch: setSearch }} allowClear
      value={multiple ? selected : (value ?? undefined)} placeholder={placeholder} loading={loading} data-testid={testId}
      notFoundContent={loading ? <Spin size="small" /> : null} style={{ width: '100%' }} size="large"
      options={shown.map((a) => ({ value: a.id, label: `${a.code} ${a.name}` }))}
      onChange={(v) => {
        const ids = (multiple ? (v as number[]) : v == null ? [] : [v as number]);
        setKnown((prev) => { const m = new Map(prev); for (const id of ids) { const o = all.get(id); if (o) m.set(id, o); } return m; });
        onPicked?.(ids.map((id) => all.get(id)).filter((x): x is AssetOption => !!x));
        onChange?.(multiple ? ids : ids[0] ?? null);
        setSearch('');
      }}
    />
  );
}

/**
 * Picks people or classes by name from one of the forms' name lists (counters, responsible party,
 * who took the money). Names already chosen stay labelled while the search changes.
 */
export function PartySelect({ source, value, onChange, multiple = false, placeholder, testId, initial }: {
  source: 'people' | 'student' | 'class' | 'staff'; value?: number | number[] | null; onChange?: (v: number | number[] | null) => void;
  multiple?: boolean; placeholder?: string; testId?: string; initial?: PartyOption[];
}) {
  const [q, setQ] = useState('');
  const people = useStocktakePeople(q, source === 'people');
  const parties = useParties(source === 'people' ? 'staff' : source, q, source !== 'people');
  const data = (source === 'people' ? people.data : parties.data) ?? [];
  const [known, setKnown] = useState<Map<number, PartyOption>>(() => new Map((initial ?? []).map((p) => [p.id, p])));
  const all = new Map(known);
  for (const p of data) all.set(p.id, p);
  const selected = multiple ? (value as number[] | undefined) ?? [] : value != null ? [value as number] : [];
  const shown = [...new Map([...selected.map((id) => all.get(id)).filter((x): x is PartyOption => !!x), ...data].map((o) => [o.id, o])).values()];
  return (
    <Select mode={multiple ? 'multiple' : undefined} showSearch={{ filterOption: false, onSearch: setQ }} allowClear size="large"
      value={multiple ? selected : (value ?? undefined)} placeholder={placeholder} data-testid={testId} style={{ width: '100%' }}
      loading={source === 'people' ? people.isFetching : parties.isFetching}
      options={shown.map((p) => ({ value: p.id, label: p.detail ? `${p.name} · ${p.detail}` : p.name }))}
      onChange={(v) => {
        const ids = multiple ? (v as number[]) : v == null ? [] : [v as number];
        setKnown((prev) => { const m = new Map(prev); for (const id of ids) { const o = all.get(id); if (o) m.set(id, o); } return m; });
        onChange?.(multiple ? ids : ids[0] ?? null);
        setQ('');
      }} />
  );
}
