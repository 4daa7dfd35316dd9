import { lazy } from 'react';
import { AlertOutlined, FormOutlined, FileTextOutlined, InboxOutlined } from '@ant-design/icons';
import { guarded, type PageRoute } from '../../../app/guarded';
import type { NavItem } from '../../../app/nav';

const HazardBoardPage = lazy(() => import('./HazardBoardPage'));
const HazardReportPage = lazy(() => import('./HazardReportPage'));
const HazardDetailPage = lazy(() => import('./HazardDetailPage'));
const MonthlyReportPage = lazy(() => import('./MonthlyReportPage'));
const SubmittedReportsPage = lazy(() => import('./SubmittedReportsPage').then((m) => ({ default: m.SubmittedReportsPage })));
const SubmittedReportPage = lazy(() => import('./SubmittedReportsPage').then((m) => ({ default: m.SubmittedReportPage })));

export const hazardsRoutes: PageRoute[] = [
  { path: 'safety/hazards', element: guarded('hazards.read', <HazardBoardPage />) },
  { path: 'safety/hazards/new', element: guarded('hazards.report', <HazardReportPage />) },
  { path: 'safety/hazards/monthly', element: guarded('hazards.monthly.read', <MonthlyReportPage />) },
  { path: 'safety/hazards/submitted', element: guarded('hazards.submitted.read', <SubmittedReportsPage />) },
  { path: 'safety/hazards/submitted/:id', element: guarded('hazards.submitted.read', <SubmittedReportPage />) },
  { path: 'safety/hazards/:id', element: guarded('hazards.read', <HazardDetailPage />) },
];

export const hazardsNav: NavItem[] = [
  { key: 'hazard-report', path: '/safety/hazards/new', labelKey: 'hazards.web.menu.report', icon: <FormOutlined />, action: 'hazards.report' },
  { key: 'hazards', path: '/safety/hazards', labelKey: 'hazards.web.menu.hazards', icon: <AlertOutlined />, action: 'hazards.read' },
  { key: 'hazards-monthly', path: '/safety/hazards/monthly', labelKey: 'hazards.web.menu.monthly', icon: <FileTextOutlined />, action: 'hazards.monthly.submit' },
  { key: 'hazards-submitted', path: '/safety/hazards/submitted', labelKey: 'hazards.web.menu.submitted', icon: <InboxOutlined />, action: 'hazards.submitted.read' },
];
