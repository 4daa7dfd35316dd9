import { BOARDING_TYPES, CreateClassInput, UpdateClassInput, type SchoolClass } from '../../../contracts/org';
import { ResourcePage } from '../../components/resource/ResourcePage';
import type { ResourceConfig } from '../../components/resource/types';

type R = SchoolClass & { [k: string]: unknown };

const boarding = { kind: 'enum' as const, values: BOARDING_TYPES, group: 'boarding', colors: { boarding: 'orange', day: 'blue', mixed: 'purple' } };

const config: ResourceConfig<R> = {
  resource: 'classes', titleKey: 'org.classes.title', entityKey: 'entity.class', entity: 'class',
  read: 'org.structure.read', write: 'org.structure.write',
  createSchema: CreateClassInput, updateSchema: UpdateClassInput,
  createDefaults: { boarding: 'day' },
  searchKey: 'list.searchClass',
  fields: [
    { name: 'grade', type: { kind: 'number', min: 1, max: 12 }, help: 'classes.gradeHelp', render: (r, t) => t('common.gradeN', { grade: r.grade }) },
    { name: 'name', type: { kind: 'text' } },
    { name: 'headTeacherId', type: { kind: 'ref', ref: 'users', query: { role: 'head_teacher' } }, action: 'org.staff.read', help: 'classes.headTeacherHelp' },
    { name: 'boarding', type: boarding },
    { name: 'entryYear', type: { kind: 'number', min: 2000, max: 2100 } },
    { name: 'classroomId', type: { kind: 'ref', ref: 'locations', query: { type: 'classroom' } } },
    { name: 'studentCount', label: 'org.classes.studentCount', type: { kind: 'number' }, create: false, edit: false },
  ],
  columns: [
    { field: 'name', sort: 'name', render: (r, t) => t('common.className', { grade: r.grade, name: r.name }) },
    { field: 'grade', sort: 'grade', render: (r, t) => t('common.gradeN', { grade: r.grade }) },
    { field: 'headTeacherId', action: 'org.staff.read' },
    { field: 'boarding' },
    { field: 'studentCount' },
    { field: 'entryYear' },
    { field: 'classroomId' },
  ],
  filters: [
    { name: 'grade', type: { kind: 'grade' } },
    { name: 'boarding', type: boarding },
    { name: 'headTeacherId', type: { kind: 'ref', ref: 'users', query: { role: 'head_teacher' } }, more: true },
  ],
  title: (r, t) => t('common.className', { grade: r.grade, name: r.name }),
  cardFields: ['headTeacherId', 'boarding', 'studentCount'],
  importable: true,
};

export default function ClassesPage() {
  return <ResourcePage config={config} />;
}
