import { useMemo } from 'react';
import { Select, TreeSelect } from 'antd';
import type { Building, Campus, Department, Location, SchoolClass, User } from '../../contracts/org';
import { useAll, type AnyRecord } from '../api/hooks';
import type { Query } from '../api/client';
import { useCan } from '../app/auth';
import { useT, type T } from '../app/i18n';
import type { RefKind } from './resource/types';

/** The action needed to read each kind of referenced record. */
export const REF_ACTION: Record<RefKind, string> = {
  campuses: 'org.structure.read', buildings: 'org.structure.read', locations: 'org.structure.read',
  departments: 'org.structure.read', classes: 'org.structure.read', users: 'org.staff.read',
};

/** A record's display name as a reference. */
export function refLabel(kind: RefKind, r: AnyRecord, t: T): string {
  switch (kind) {
    case 'classes': { const c = r as unknown as SchoolClass; return t('common.className', { grade: c.grade, name: c.name }); }
    case 'users': return (r as unknown as User).name;
    case 'locations': return (r as unknown as Location).name;
    case 'buildings': return (r as unknown as Building).name;
    case 'campuses': return (r as unknown as Campus).name;
    case 'departments': return (r as unknown as Department).name;
  }
}

/** A picker's option text: a little more than the name, to tell people and rooms apart. */
function optionLabel(kind: RefKind, r: AnyRecord, t: T): string {
  const name = refLabel(kind, r, t);
  if (kind === 'users') { const u = r as unknown as User; return [name, u.post ?? u.username].filter(Boolean).join(' · '); }
  if (kind === 'locations' || kind === 'buildings' || kind === 'campuses') return `${name} · ${(r as unknown as { code: string }).code}`;
  return name;
}

/** Every record of a kind (active and not), for names and pickers; nothing when not permitted. */
export function useRefData(kind: RefKind, query: Query = {}) {
  const can = useCan();
  const allowed = can(REF_ACTION[kind]);
  const active = useAll<AnyRecord>(kind, query, { enabled: allowed });
  const inactive = useAll<AnyRecord>(kind, { ...query, active: 'false' }, { enabled: allowed });
  const byId = useMemo(() => {
    const m = new Map<number, AnyRecord>();
    for (const r of [...(active.data ?? []), ...(inactive.data ?? [])]) m.set(r.id, r);
    return m;
  }, [active.data, inactive.data]);
  return { allowed, active: active.data ?? [], byId, loading: allowed && active.isPending };
}

/** Shows a referenced record by name. */
export function RefName({ kind, id }: { kind: RefKind; id: number | null | undefined }) {
  const t = useT();
  const { allowed, byId, loading } = useRefData(kind);
  if (id == null) return <>{t('common.none')}</>;
  const r = byId.get(id);
  if (r) return <span style={r.active ? undefined : { textDecoration: 'line-through', color: '#999' }}>{refLabel(kind, r, t)}</span>;
  if (allowed && loading) return <span style={{ color: '#bbb' }}>…</span>;
  return <span style={{ color: '#999' }}>{t('common.idRef', { id })}</span>;
}

interface PickerProps<V> { value?: V; onChange?: (v: V) => void; disabled?: boolean; placeholder?: string; style?: React.CSSProperties; allowClear?: boolean; id?: string }

/** Picks one active record of a kind, searchable by its text. */
export function RefSelect({ kind, query, ...p }: PickerProps<number | null> & { kind: RefKind; query?: Query }) {
  const t = useT();
  const { active, loading } = useRefData(kind, query);
  const options = useMemo(() => active.map((r) => ({ value: r.id, label: optionLabel(kind, r, t) })), [active, kind, t]);
  return (
    <Select showSearch={{ optionFilterProp: 'label' }} allowClear={p.allowClear ?? true} loading={loading} options={options}
      value={p.value ?? undefined} onChange={(v) => p.onChange?.(v ?? null)} disabled={p.disabled}
      placeholder={p.placeholder ?? t('list.selectPlaceholder')} style={p.style} id={p.id} />
  );
}

/** The location tree as a picker: a parent is chosen where it sits (building → room). */
export function LocationTreeSelect({ exclude, ...p }: PickerProps<number | null> & { exclude?: number }) {
  const t = useT();
  const { active, loading } = useRefData('locations');
  const buildings = useRefData('buildings');
  const treeData = useMemo(() => buildLocationTree(active as unknown as Location[], buildings.active as unknown as Building[], t, exclude, true), [active, buildings.active, t, exclude]);
  return (
    <TreeSelect treeData={treeData} showSearch={{ treeNodeFilterProp: 'title' }} allowClear={p.allowClear ?? true} loading={loading}
      value={p.value ?? undefined} onChange={(v) => p.onChange?.((v as number | undefined) ?? null)} disabled={p.disabled}
      placeholder={p.placeholder ?? t('list.selectPlaceholder')} style={p.style} id={p.id} treeDefaultExpandAll={false}
      popupMatchSelectWidth={false} styles={{ popup: { root: { maxWidth: 'calc(100vw - 24px)' } } }} />
  );
}

/** Grades present among the school's classes. */
export function GradeSelect(p: PickerProps<number | null>) {
  const t = useT();
  const { active } = useRefData('classes');
  const options = useMemo(() => [...new Set(active.map((c) => (c as unknown as SchoolClass).grade))].sort((a, b) => a - b)
    .map((g) => ({ value: g, label: t('common.gradeN', { grade: g }) })), [active, t]);
  return <Select allowClear options={options} value={p.value ?? undefined} onChange={(v) => p.onChange?.(v ?? null)} placeholder={p.placeholder ?? t('list.selectPlaceholder')} style={p.style} id={p.id} />;
}

export interface TreeNode { key: string | number; value: string | number; title: string; selectable?: boolean; disabled?: boolean; children?: TreeNode[]; location?: Location; isLeaf?: boolean }

/**
 * Builds building → location → child location from parentId and buildingId.
 * `pickable`: building nodes are groups only (a parent must be a location).
 * With several campuses (or a district's schools) one more level on top: the campus.
 */
export function buildLocationTree(locations: Location[], buildings: Building[], t: T, exclude?: number, pickable = false, campuses?: Campus[], campusLabel?: (c: Campus) => string): TreeNode[] {
  const byParent = new Map<number | null, Location[]>();
  const ids = new Set(locations.map((l) => l.id));
  for (const l of locations) {
    // A child whose parent is not in the set (filtered out or deactivated) shows at the top of its building.
    const parent = l.parentId != null && ids.has(l.parentId) ? l.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), l]);
  }
  const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code, 'zh-CN', { numeric: true });
  const node = (l: Location): TreeNode | null => {
    if (l.id === exclude) return null;
    const kids = (byParent.get(l.id) ?? []).sort(byCode).map(node).filter((n): n is TreeNode => !!n);
    return {
      key: l.id, value: l.id, location: l,
      title: `${l.name} · ${l.code}${pickable ? '' : ` · ${t(`enums.locationType.${l.type}`)}`}`,
      children: kids.length ? kids : undefined, isLeaf: !kids.length,
    };
  };
  const roots = (byParent.get(null) ?? []).sort(byCode);
  const groupsOf = (rootsHere: Location[], buildingsHere: Building[], scope: string): TreeNode[] => {
    const groups: TreeNode[] = [];
    for (const b of [...buildingsHere].sort(byCode)) {
      const kids = rootsHere.filter((l) => l.buildingId === b.id).map(node).filter((n): n is TreeNode => !!n);
      if (kids.length) groups.push({ key: `b${b.id}`, value: `b${b.id}`, title: `${b.name} · ${b.code}`, selectable: !pickable, children: kids });
    }
    const known = new Set(buildingsHere.map((b) => b.id));
    const loose = rootsHere.filter((l) => l.buildingId == null || !known.has(l.buildingId)).map(node).filter((n): n is TreeNode => !!n);
    if (loose.length) groups.push({ key: `none${scope}`, value: `none${scope}`, title: t('locations.noBuilding'), selectable: false, children: loose });
    return groups;
  };
  if (!campuses || campuses.length < 2) return groupsOf(roots, buildings, '');
  return [...campuses].sort(byCode).map((c) => ({
    key: `c${c.id}`, value: `c${c.id}`, title: campusLabel ? campusLabel(c) : `${c.name} · ${c.code}`, selectable: false,
    children: groupsOf(roots.filter((l) => l.campusId === c.id), buildings.filter((b) => b.campusId === c.id), `-${c.id}`),
  })).filter((c) => c.children.length);
}
