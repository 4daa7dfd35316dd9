import { CreateCampusInput, UpdateCampusInput, type Campus } from '../../../contracts/org';
import { ResourcePage } from '../../components/resource/ResourcePage';
import type { ResourceConfig } from '../../components/resource/types';

type R = Campus & { [k: string]: unknown };

const config: ResourceConfig<R> = {
  resource: 'campuses', titleKey: 'org.campuses.title', entityKey: 'entity.campus', entity: 'campus',
  read: 'org.structure.read', write: 'org.structure.write',
  createSchema: CreateCampusInput, updateSchema: UpdateCampusInput,
  fields: [
    { name: 'code', type: { kind: 'text' } },
    { name: 'name', type: { kind: 'text' } },
    { name: 'address', type: { kind: 'text' }, full: true },
  ],
  columns: [
    { field: 'name', sort: 'name' },
    { field: 'code', sort: 'code' },
    { field: 'address' },
  ],
  filters: [],
  title: (r) => r.name,
  subtitle: (r) => r.code,
  cardFields: ['address'],
};

export default function CampusesPage() {
  return <ResourcePage config={config} />;
}
