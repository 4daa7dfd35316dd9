import { useMemo } from 'react';
import { Alert, Empty, Spin, Tag, Tree, Typography } from 'antd';
import { CreateLocationInput, LOCATION_TYPES, UpdateLocationInput, type Building, type Campus, type Location } from '../../../contracts/org';
import type { Query } from '../../api/client';
import { useAll, useSchools } from '../../api/hooks';
import { useCurrentUser } from '../../app/auth';
import { useT } from '../../app/i18n';
import { buildLocationTree, type TreeNode } from '../../components/refs';
import { ResourcePage } from '../../components/resource/ResourcePage';
import type { ResourceConfig } from '../../components/resource/types';
import { LOCATION_TYPE_COLORS } from '../../components/colors';

type R = Location & { [k: string]: unknown };

const type = { kind: 'enum' as const, values: LOCATION_TYPES, group: 'locationType', colors: LOCATION_TYPE_COLORS };

/** The location hierarchy: campus → building → location → child location, from buildingId and parentId. */
function LocationTree({ filters, open }: { filters: Query; open: (id: number) => void }) {
  const t = useT();
  const { sort: _sort, ...q } = filters;
  const locations = useAll<Location>('locations', q);
  const buildings = useAll<Building>('buildings', { schoolId: filters.schoolId });
  const campuses = useAll<Campus>('campuses', { schoolId: filters.schoolId });
  const me = useCurrentUser();
  const schools = useSchools(me.schoolKind === 'bureau');
  const tree = useMemo(() => {
    // A district reader's campuses carry their school's name ("本部" alone says nothing).
    const label = (c: Campus) => [schools.data?.items.find((s) => s.id === c.schoolId)?.name, c.name].filter(Boolean).join(' · ');
    return buildLocationTree(locations.data ?? [], buildings.data ?? [], t, undefined, false, campuses.data, me.schoolKind === 'bureau' ? label : undefined);
  }, [locations.data, buildings.data, campuses.data, schools.data, me.schoolKind, t]);
  if (locations.isPending || buildings.isPending || campuses.isPending || (me.schoolKind === 'bureau' && schools.isPending)) return <div style={{ padding: 24, textAlign: 'center' }}><Spin /></div>;
  if (locations.isError) return <Alert type="error" title={(locations.error as Error).message} />;
  if (!tree.length) return <Empty />;
  return (
    <div data-testid="location-tree" style={{ background: '#fff', padding: 12, borderRadius: 8, overflowX: 'auto' }}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('locations.treeHint')}</Typography.Paragraph>
      <Tree<TreeNode>
        showLine
        blockNode
        defaultExpandedKeys={tree.flatMap((n) => [n.key, ...(n.children ?? []).flatMap((c) => (c.location ? [] : [c.key]))])}
        treeData={tree}
        titleRender={(n) => (n.location ? (
          <span>
            {n.location.name} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{n.location.code}</Typography.Text>{' '}
            <Tag color={LOCATION_TYPE_COLORS[n.location.type]} style={{ marginInlineStart: 4 }}>{t(`enums.locationType.${n.location.type}`)}</Tag>
            {n.children && <Typography.Text type="secondary" style={{ fontSize: 12 }}>({n.children.length})</Typography.Text>}
          </span>
        ) : <Typography.Text strong>{n.title}</Typography.Text>)}
        onSelect={(_keys, info) => { const l = info.node.location; if (l) open(l.id); }}
      />
    </div>
  );
}

const config: ResourceConfig<R> = {
  resource: 'locations', titleKey: 'org.locations.title', entityKey: 'entity.location', entity: 'location',
  read: 'org.structure.read', write: 'org.structure.write',
  createSchema: CreateLocationInput, updateSchema: UpdateLocationInput,
  fields: [
    { name: 'code', type: { kind: 'text' } },
    { name: 'name', type: { kind: 'text' } },
    { name: 'type', type },
    { name: 'campusId', type: { kind: 'ref', ref: 'campuses' }, help: 'locations.campusHelp' },
    { name: 'buildingId', type: { kind: 'ref', ref: 'buildings' } },
    { name: 'parentId', type: { kind: 'ref', ref: 'locations', tree: true }, help: 'locations.parentHelp' },
    { name: 'floor', type: { kind: 'number', min: -5, max: 100 } },
    { name: 'areaM2', type: { kind: 'number', min: 0, unit: 'm²' } },
    { name: 'capacity', type: { kind: 'number', min: 0 } },
  ],
  columns: [
    { field: 'name', sort: 'name' },
    { field: 'code', sort: 'code' },
    { field: 'type', sort: 'type' },
    { field: 'buildingId' },
    { field: 'parentId' },
    { field: 'floor' },
    { field: 'capacity' },
    { field: 'areaM2' },
  ],
  filters: [
    { name: 'type', type },
    { name: 'buildingId', type: { kind: 'ref', ref: 'buildings' } },
    { name: 'campusId', type: { kind: 'ref', ref: 'campuses' }, more: true },
    { name: 'under', label: 'fields.under', type: { kind: 'ref', ref: 'locations' }, more: true },
  ],
  title: (r) => r.name,
  subtitle: (r) => r.code,
  cardFields: ['type', 'buildingId', 'parentId', 'floor'],
  importable: true,
  altView: { labelKey: 'common.tree', render: (p) => <LocationTree {...p} /> },
};

export default function LocationsPage() {
  return <ResourcePage config={config} />;
}
