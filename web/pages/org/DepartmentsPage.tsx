import { CreateDepartmentInput, UpdateDepartmentInput, type Department } from '../../../contracts/org';
import { ResourcePage } from '../../components/resource/ResourcePage';
import type { ResourceConfig } from '../../components/resource/types';

type R = Department & { [k: string]: unknown };

const config: ResourceConfig<R> = {
  resource: 'departments', titleKey: 'org.departments.title', entityKey: 'entity.department', entity: 'department',
  read: 'org.structure.read', write: 'org.structure.write',
  createSchema: CreateDepartmentInput, updateSchema: UpdateDepartmentInput,
  searchKey: 'list.searchName',
  fields: [
    { name: 'name', type: { kind: 'text' } },
    { name: 'code', type: { kind: 'text' } },
    { name: 'headUserId', type: { kind: 'ref', ref: 'users' }, action: 'org.staff.read' },
    { name: 'phone', type: { kind: 'text' } },
  ],
  columns: [
    { field: 'name', sort: 'name' },
    { field: 'code' },
    { field: 'headUserId', action: 'org.staff.read' },
    { field: 'phone' },
  ],
  filters: [],
  title: (r) => r.name,
  cardFields: ['headUserId', 'phone'],
};

export default function DepartmentsPage() {
  return <ResourcePage config={config} />;
}
