import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { AppLayout } from './AppLayout';
import { RequireAuth } from './auth';
import { guarded } from './guarded';
import { approvalsRoutes } from '../pages/approvals/routes';
import { assetsRoutes } from '../pages/assets/routes';
import { assetsProcessRoutes } from '../pages/assets/process/routes';
import { inspectionsRoutes } from '../pages/inspections/routes';
import { gatePublicRoutes, gateRoutes } from '../pages/safety/gate/routes';
import { hazardsRoutes } from '../pages/safety/hazards/routes';
import { safetyRecordsRoutes } from '../pages/safety/records/routes';
import { canteenMealsRoutes, canteenPublicRoutes } from '../pages/canteen/meals/routes';
import { canteenStaffRoutes } from '../pages/canteen/staff/routes';
import { canteenSupplyRoutes } from '../pages/canteen/supply/routes';
import { SCHOOL_PAGE } from './nav';

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
const MyTasksPage = lazy(() => import('../pages/tasks/MyTasksPage'));
const RepairReportPage = lazy(() => import('../pages/repairs/ReportPage'));
const MyRepairsPage = lazy(() => import('../pages/repairs/MyRepairsPage'));
const DispatchBoardPage = lazy(() => import('../pages/repairs/DispatchBoardPage'));
const WorkerQueuePage = lazy(() => import('../pages/repairs/WorkerQueuePage'));
const RepairDetailPage = lazy(() => import('../pages/repairs/RepairDetailPage'));
const RepairLogPage = lazy(() => import('../pages/repairs/RepairLogPage'));
const RepairStatsPage = lazy(() => import('../pages/repairs/RepairStatsPage'));
const RepairPlansPage = lazy(() => import('../pages/repairs/PlansPage'));
const ComingSoonPage = lazy(() => import('../pages/misc/ComingSoonPage'));
const NotFound = lazy(() => import('./Forbidden').then((m) => ({ default: m.NotFound })));


export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  ...canteenPublicRoutes,
  ...gatePublicRoutes,
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
      { path: 'school', element: guarded(SCHOOL_PAGE, <SchoolPage />) },
      { path: 'audit', element: guarded('audit.read', <AuditPage />) },
      { path: 'repairs/new', element: guarded('repairs.order.report', <RepairReportPage />) },
      { path: 'repairs/mine', element: guarded('repairs.order.report', <MyRepairsPage />) },
      { path: 'repairs/dispatch', element: guarded('repairs.order.dispatch', <DispatchBoardPage />) },
      { path: 'repairs/queue', element: guarded('repairs.order.work', <WorkerQueuePage />) },
      { path: 'repairs/log', element: guarded('repairs.log.read', <RepairLogPage />) },
      { path: 'repairs/stats', element: guarded('repairs.stats.read', <RepairStatsPage />) },
      { path: 'repairs/plans', element: guarded('repairs.plans.read', <RepairPlansPage />) },
      { path: 'repairs/:id', element: guarded('repairs.order.read', <RepairDetailPage />) },
      { path: 'tasks', element: <MyTasksPage /> },
      ...approvalsRoutes, ...assetsRoutes, ...assetsProcessRoutes, ...inspectionsRoutes,
      ...gateRoutes, ...hazardsRoutes, ...safetyRecordsRoutes,
      ...canteenMealsRoutes, ...canteenStaffRoutes, ...canteenSupplyRoutes,
      { path: 'profile', element: <ProfilePage /> },
      { path: 'soon/:module', element: <ComingSoonPage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
