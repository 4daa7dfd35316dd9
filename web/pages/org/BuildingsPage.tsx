import { BUILDING_KINDS, CreateBuildingInput, UpdateBuildingInput, type Building } from '../../../contracts/org';
import { ResourcePage } from '../../components/resource/ResourcePage';
import type { ResourceConfig } from '../../components/resource/types';

type R = Building & { [k: string]: unknown };

const KIND_COLORS: Record<string, string> = { teaching: 'blue', office: 'geekblue', lab: 'purple', dorm: 'orange', canteen: 'gold', gym: 'green', other: 'default' };
const kind = { kind: 'enum' as const, values: BUILDING_KINDS, group: 'buildingKind', colors: KIND_COLORS };

const config: ResourceConfig<R> = {
  resource: 'buildings', titleKey: 'org.buildings.title', entityKey: 'entity.building', entity: 'building',
  read: 'org.structure.read', write: 'org.structure.write',
  createSchema: CreateBuildingInput, updateSchema: UpdateBuildingInput,
  createDefaults: { kind: 'teaching' },
  fields: [
    { name: 'code', type: { kind: 'text' } },
    { name: 'name', type: { kind: 'text' } },
    { name: 'campusId', type: { kind: 'ref', ref: 'campuses' } },
    { name: 'kind', type: kind },
    { name: 'floors', type: { kind: 'number', min: 1, max: 100 } },
    { name: 'builtYear', type: { kind: 'number', min: 1900, max: 2100 } },
    { name: 'areaM2', type: { kind: 'number', min: 0, unit: 'm²' } },
  ],
  columns: [
    { field: 'name', sort: 'name' },
    { field: 'code', sort: 'code' },
    { field: 'kind' },
    { field: 'campusId' },
    { field: 'floors' },
    { field: 'builtYear' },
    { field: 'areaM2' },
  ],
  filters: [
    { name: 'kind', type: kind },
    { name: 'campusId', type: { kind: 'ref', ref: 'campuses' }, more: true },
  ],
  title: (r) => r.name,
  subtitle: (r) => r.code,
  cardFields: ['kind', 'floors', 'campusId'],
};

export default function BuildingsPage() {
  return <ResourcePage config={config} />;
}
