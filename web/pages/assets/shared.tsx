import { useMemo, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Card, Empty, Select, Tag, Timeline, TreeSelect, Typography } from 'antd';
import { EnvironmentOutlined, UserOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Asset, AssetClass, AssetEvent, AssetStatus } from '../../../contracts/assets';
import { useAssetClasses, useAssetPeople, yuan } from '../../api/assets';
import { useCan } from '../../app/auth';
import { useI18n, type T } from '../../app/i18n';

/** The actions the server's assets policy declares (the web shows what the person may do). */
export const ASSET_ACTIONS = {
  read: 'assets.asset.read',
  write: 'assets.asset.write',
  register: 'assets.export',
  import: 'assets.import',
  labels: 'assets.labels.print',
  ledger: 'assets.ledger.read',
  run: 'assets.depreciation.run',
  classesWrite: 'assets.classes.write',
} as const;

export const STATUS_COLORS: Record<AssetStatus, string> = {
  in_use: 'success', idle: 'default', under_repair: 'orange', lent: 'blue', pending_disposal: 'magenta', disposed: 'red',
};

export function StatusTag({ status }: { status: AssetStatus }) {
  const { t } = useI18n();
  return <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid="asset-status">{t(`assets.status.${status}`)}</Tag>;
}

export function LowValueTag({ low }: { low: boolean }) {
  const { t } = useI18n();
  return low ? <Tag color="gold" style={{ marginInlineEnd: 0 }}>{t('assets.web.lowValueTag')}</Tag> : null;
}

export const money = (fen: number | null | undefined) => (fen == null ? '' : `¥${yuan(fen)}`);
export const fmtTime = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '');

/** The school's classes as a tree (top class → sub-classes), for pickers and filters. */
export function useClassTree(onlyActive = true) {
  const { locale } = useI18n();
  const classes = useAssetClasses();
  return useMemo(() => {
    const list = (classes.data ?? []).filter((c) => !onlyActive || c.active);
    const name = (c: AssetClass) => `${c.code} ${locale === 'en-US' ? c.nameEn ?? c.name : c.name}`;
    type Node = { value: string; title: string; children: Node[] };
    const nodes = new Map<string, Node>(list.map((c) => [c.code, { value: c.code, title: name(c), children: [] }]));
    const roots: Node[] = [];
    for (const c of list) {
      const n = nodes.get(c.code)!;
      const parent = c.parentCode ? nodes.get(c.parentCode) : undefined;
      if (parent) parent.children.push(n); else roots.push(n);
    }
    return { tree: roots, byCode: new Map(list.map((c) => [c.code, c])), loading: classes.isPending };
  }, [classes.data, classes.isPending, locale, onlyActive]);
}

interface PickerProps<V> { value?: V; onChange?: (v: V) => void; placeholder?: string; style?: React.CSSProperties; id?: string; disabled?: boolean; allowClear?: boolean; testId?: string }

export function ClassSelect({ testId, ...p }: PickerProps<string | null>) {
  const { t } = useI18n();
  const { tree, loading } = useClassTree();
  return (
    <TreeSelect treeData={tree} showSearch={{ treeNodeFilterProp: 'title' }} allowClear={p.allowClear ?? true} loading={loading} value={p.value ?? undefined}
      onChange={(v) => p.onChange?.((v as string | undefined) ?? null)} placeholder={p.placeholder ?? t('list.selectPlaceholder')} style={p.style} id={p.id}
      disabled={p.disabled} popupMatchSelectWidth={false} styles={{ popup: { root: { maxWidth: 'calc(100vw - 24px)' } } }} data-testid={testId} />
  );
}

/** Staff of the school to choose as custodian (the register's own list: name · post · department). */
export function PersonSelect({ testId, ...p }: PickerProps<number | null>) {
  const { t } = useI18n();
  const can = useCan();
  const people = useAssetPeople(can(ASSET_ACTIONS.register));
  const options = useMemo(() => (people.data ?? []).map((u) => ({ value: u.id, label: [u.name, u.post, u.departmentName].filter(Boolean).join(' · ') })), [people.data]);
  return (
    <Select showSearch={{ optionFilterProp: 'label' }} allowClear={p.allowClear ?? true} loading={people.isPending} options={options} value={p.value ?? undefined}
      onChange={(v) => p.onChange?.(v ?? null)} placeholder={p.placeholder ?? t('list.selectPlaceholder')} style={p.style} id={p.id} disabled={p.disabled} data-testid={testId} />
  );
}

/** One asset as a phone card: name, code, status, place, person, value. */
export function AssetCard({ a, extra, onClick }: { a: Asset; extra?: ReactNode; onClick?: () => void }) {
  const { t } = useI18n();
  return (
    <Card size="small" style={{ marginBottom: 8 }} data-testid="asset-card" hoverable={!!onClick} onClick={onClick}>
      <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
        {extra}
        <div style={{ flex: 1, minWidth: 0 }}>
          <div style={{ display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
            <Link to={`/assets/${a.id}`} onClick={(e) => e.stopPropagation()} style={{ fontWeight: 600, fontSize: 15 }}>{a.name}</Link>
            <StatusTag status={a.status} />
            <LowValueTag low={a.lowValue} />
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{a.code} · {a.className}{a.model ? ` · ${a.model}` : ''}</Typography.Text>
          <div style={{ fontSize: 13, color: '#595959', marginTop: 2 }}>
            {a.locationPath && <div style={{ overflowWrap: 'anywhere' }}><EnvironmentOutlined /> {a.locationPath}</div>}
            {a.custodianName && <div><UserOutlined /> {a.custodianName}{a.departmentName ? ` · ${a.departmentName}` : ''}</div>}
            <div>
              {t('assets.web.original')} {money(a.originalValueFen)}{a.quantity > 1 ? ` (${a.quantity}${a.unit ?? ''})` : ''}
              {a.lifeMonths ? ` · ${t('assets.web.net')} ${money(a.netValueFen)}` : ''}
            </div>
          </div>
        </div>
      </div>
    </Card>
  );
}

const EVENT_COLORS: Record<string, string> = { registered: 'green', imported: 'green', updated: 'blue', transferred: 'purple', status: 'orange', damage: 'red', stocktake: 'cyan', disposal: 'magenta' };
/** The process part's documents behind an event (its pages in process/routes.tsx). */
const DOCUMENT_LINKS: Record<string, (id: number) => string> = {
  stocktake: (id) => `/assets/stocktakes/${id}`, damage: (id) => `/assets/damage/${id}`, disposal: (id) => `/assets/disposals/${id}`,
};

function fieldName(k: string, t: T, has: (k: string) => boolean) {
  const map: Record<string, string> = { unitPriceFen: 'unitPrice', originalValueFen: 'originalValue', locationId: 'location', departmentId: 'department', custodianId: 'custodian' };
  const key = `assets.field.${map[k] ?? k}`;
  return has(key) ? t(key) : k;
}

/** What an event adds beyond its kind: the move (from → to), the status change, the fields edited, the note. */
function EventBody({ e }: { e: AssetEvent }) {
  const { t, has } = useI18n();
  const d = (e.data ?? {}) as Record<string, unknown>;
  const lines: ReactNode[] = [];
  if (e.kind === 'transferred') {
    for (const f of ['locationId', 'departmentId', 'custodianId']) {
      const m = d[f] as { fromName?: string | null; toName?: string | null } | undefined;
      if (m) lines.push(<div key={f}>{fieldName(f, t, has)}：{m.fromName ?? t('assets.event.none')} → {m.toName ?? t('assets.event.none')}</div>);
    }
  }
  if (e.kind === 'status' && typeof d.from === 'string' && typeof d.to === 'string') {
    lines.push(<div key="s"><Tag>{t(`assets.status.${d.from}`)}</Tag>→ <Tag color={STATUS_COLORS[d.to as AssetStatus]}>{t(`assets.status.${d.to}`)}</Tag></div>);
  }
  if (e.kind === 'updated' && Array.isArray(d.fields)) {
    lines.push(<div key="f">{t('assets.event.fieldsChanged', { fields: (d.fields as string[]).map((k) => fieldName(k, t, has)).join('、') })}</div>);
  }
  if (e.note) lines.push(<div key="n" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{e.note}</div>);
  const doc = e.refKind && e.refId ? DOCUMENT_LINKS[e.refKind]?.(e.refId) : undefined;
  if (doc) lines.push(<div key="l"><Link to={doc}>{t('assets.event.open')}</Link></div>);
  return lines.length ? <div style={{ color: '#595959', fontSize: 13 }}>{lines}</div> : null;
}

/** The card's history, newest first; the process part's events (stocktake, damage, disposal) show with their link. */
export function AssetTimeline({ events }: { events: AssetEvent[] }) {
  const { t, has } = useI18n();
  if (!events.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  const label = (k: string) => (has(`assets.event.${k}`) ? t(`assets.event.${k}`) : k);
  return (
    <Timeline data-testid="asset-timeline"
      items={[...events].reverse().map((e) => ({
        key: e.id,
        color: EVENT_COLORS[e.kind] ?? 'gray',
        content: (
          <div style={{ minWidth: 0 }}>
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center' }}>
              <Typography.Text strong>{label(e.kind)}</Typography.Text>
              <span>{e.actorName ?? t('detail.system')}</span>
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{fmtTime(e.at)}</Typography.Text>
            <EventBody e={e} />
          </div>
        ),
      }))} />
  );
}
