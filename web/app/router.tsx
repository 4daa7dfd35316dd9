import { lazy, type ReactNode } from 'react';
import { createBrowserRouter } from 'react-router';
import { AppLayout } from './AppLayout';
import { RequireAction, RequireAuth } from './auth';

import { LoginPage } from './LoginPage';

// Every page is its own chunk: the first load carries the shell and the login only.
const HomePage = lazy(() => import('../pages/home/HomePage'));
const CampusesPage = lazy(() => import('../pages/org/CampusesPage'));
const BuildingsPage = lazy(() => import('../pages/org/BuildingsPage'));
const LocationsPage = lazy(() => import('../pages/org/LocationsPage'));
const DepartmentsPage = lazy(() => import('../pages/org/DepartmentsPage'));
const ClassesPage = lazy(() => import('../pages/org/ClassesPage'));
const StudentsPage = lazy(() => import('../pages/org/StudentsPage'));
const UsersPage = lazy(() => import('../pages/users/UsersPage'));
const SchoolPage = lazy(() => import('../pages/school/SchoolPage'));
const AuditPage = lazy(() => import('../pages/audit/AuditPage'));
const ProfilePage = lazy(() => import('../pages/profile/ProfilePage'));
const ComingSoonPage = lazy(() => import('../pages/misc/ComingSoonPage'));
const NotFound = lazy(() => import('./Forbidden').then((m) => ({ default: m.NotFound })));

const guarded = (action: string, page: ReactNode) => <RequireAction action={action}>{page}</RequireAction>;

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: <RequireAuth><AppLayout /></RequireAuth>,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'org/campuses', element: guarded('org.structure.read', <CampusesPage />) },
      { path: 'org/buildings', element: guarded('org.structure.read', <BuildingsPage />) },
      { path: 'org/locations', element: guarded('org.structure.read', <LocationsPage />) },
      { path: 'org/departments', element: guarded('org.structure.read', <DepartmentsPage />) },
      { path: 'org/classes', element: guarded('org.structure.read', <ClassesPage />) },
      { path: 'org/students', element: guarded('org.students.read', <StudentsPage />) },
      { path: 'users', element: guarded('org.staff.read', <UsersPage />) },
      { path: 'school', element: guarded('org.school.write', <SchoolPage />) },
      { path: 'audit', element: guarded('audit.read', <AuditPage />) },
      { path: 'profile', element: <ProfilePage /> },
      { path: 'soon/:module', element: <ComingSoonPage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
