import { CreateStudentInput, GENDERS, UpdateStudentInput, type Student } from '../../../contracts/org';
import { ResourcePage } from '../../components/resource/ResourcePage';
import type { ResourceConfig } from '../../components/resource/types';

type R = Student & { [k: string]: unknown };

const gender = { kind: 'enum' as const, values: GENDERS, group: 'gender', colors: { male: 'blue', female: 'magenta' } };

const config: ResourceConfig<R> = {
  resource: 'students', titleKey: 'org.students.title', entityKey: 'entity.student', entity: 'student',
  read: 'org.students.read', write: 'org.students.write',
  createSchema: CreateStudentInput, updateSchema: UpdateStudentInput,
  createDefaults: { boarder: false },
  searchKey: 'list.searchStudent',
  fields: [
    { name: 'studentNo', type: { kind: 'text' } },
    { name: 'name', label: 'profile.name', type: { kind: 'text' } },
    { name: 'gender', type: gender },
    { name: 'classId', type: { kind: 'ref', ref: 'classes' } },
    { name: 'boarder', type: { kind: 'bool' } },
    { name: 'birthDate', type: { kind: 'date' } },
    { name: 'guardianName', type: { kind: 'text' } },
    { name: 'guardianPhone', type: { kind: 'text' } },
  ],
  columns: [
    { field: 'name', sort: 'name' },
    { field: 'studentNo', sort: 'studentNo' },
    { field: 'gender' },
    { field: 'classId' },
    { field: 'boarder' },
    { field: 'guardianName' },
    { field: 'guardianPhone' },
  ],
  filters: [
    { name: 'classId', type: { kind: 'ref', ref: 'classes' } },
    { name: 'grade', type: { kind: 'grade' } },
    { name: 'boarder', type: { kind: 'bool' } },
    { name: 'gender', type: gender, more: true },
  ],
  title: (r) => r.name,
  subtitle: (r) => r.studentNo,
  cardFields: ['classId', 'gender', 'boarder', 'guardianPhone'],
  importable: true,
};

export default function StudentsPage() {
  return <ResourcePage config={config} />;
}
