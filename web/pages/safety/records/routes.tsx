import { lazy } from 'react';
import {
  DashboardOutlined, FileProtectOutlined, FireOutlined, ReadOutlined, IdcardOutlined, AlertOutlined, GlobalOutlined,
} from '@ant-design/icons';
import { guarded, type PageRoute } from '../../../app/guarded';
import type { NavItem } from '../../../app/nav';

// Plans, drills, education, agreements, incidents, the district view, and the safety home (the 安全 group's first page).
const SafetyHomePage = lazy(() => import('./SafetyHomePage'));
const PlansPage = lazy(() => import('./PlansPage'));
const DrillsPage = lazy(() => import('./DrillsPage'));
const DrillFormPage = lazy(() => import('./DrillFormPage'));
const DrillDetailPage = lazy(() => import('./DrillDetailPage'));
const EducationPage = lazy(() => import('./EducationPage'));
const AgreementsPage = lazy(() => import('./AgreementsPage'));
const IncidentsPage = lazy(() => import('./IncidentsPage'));
const IncidentFormPage = lazy(() => import('./IncidentFormPage'));
const IncidentDetailPage = lazy(() => import('./IncidentDetailPage'));
const DistrictPage = lazy(() => import('./DistrictPage'));

export const safetyRecordsRoutes: PageRoute[] = [
  { path: 'safety', element: guarded('safety.home.read', <SafetyHomePage />) },
  { path: 'safety/plans', element: guarded('safety.plans.read', <PlansPage />) },
  { path: 'safety/drills', element: guarded('safety.drills.read', <DrillsPage />) },
  { path: 'safety/drills/new', element: guarded('safety.drills.write', <DrillFormPage />) },
  { path: 'safety/drills/:id', element: guarded('safety.drills.read', <DrillDetailPage />) },
  { path: 'safety/drills/:id/edit', element: guarded('safety.drills.write', <DrillFormPage />) },
  { path: 'safety/education', element: guarded('safety.education.read', <EducationPage />) },
  { path: 'safety/agreements', element: guarded('safety.agreements.read', <AgreementsPage />) },
  { path: 'safety/incidents', element: guarded('safety.incidents.read', <IncidentsPage />) },
  { path: 'safety/incidents/new', element: guarded('safety.incidents.report', <IncidentFormPage />) },
  { path: 'safety/incidents/:id', element: guarded('safety.incidents.read', <IncidentDetailPage />) },
  { path: 'safety/district', element: guarded('safety.district.read', <DistrictPage />) },
];

export const safetyRecordsNav: NavItem[] = [
  { key: 'safety-home', path: '/safety', labelKey: 'safety.menu.home', icon: <DashboardOutlined />, action: 'safety.home.read' },
  { key: 'safety-district', path: '/safety/district', labelKey: 'safety.menu.district', icon: <GlobalOutlined />, action: 'safety.district.read' },
  { key: 'safety-incidents', path: '/safety/incidents', labelKey: 'safety.menu.incidents', icon: <AlertOutlined />, action: 'safety.incidents.read' },
  { key: 'safety-drills', path: '/safety/drills', labelKey: 'safety.menu.drills', icon: <FireOutlined />, action: 'safety.drills.read' },
  { key: 'safety-plans', path: '/safety/plans', labelKey: 'safety.menu.plans', icon: <FileProtectOutlined />, action: 'safety.plans.read' },
  { key: 'safety-education', path: '/safety/education', labelKey: 'safety.menu.education', icon: <ReadOutlined />, action: 'safety.education.read' },
  { key: 'safety-agreements', path: '/safety/agreements', labelKey: 'safety.menu.agreements', icon: <IdcardOutlined />, action: 'safety.agreements.read' },
];
