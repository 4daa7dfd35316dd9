// The gate's, duty's and patrols' pages (lazy) and their items in the 安全 menu group.
import { lazy } from 'react';
import { ScanOutlined, FileTextOutlined, UserAddOutlined, ScheduleOutlined, AimOutlined, BarChartOutlined } from '@ant-design/icons';
import { guarded, type PageRoute } from '../../../app/guarded';
import type { NavItem } from '../../../app/nav';

const GatePage = lazy(() => import('./GatePage'));
const ScanPage = lazy(() => import('./ScanPage'));
const VisitorsPage = lazy(() => import('./VisitorsPage'));
const VisitorFormPage = lazy(() => import('./VisitorFormPage'));
const PassesPage = lazy(() => import('./PassesPage'));
const PassFormPage = lazy(() => import('./PassFormPage'));
const PassPage = lazy(() => import('./PassPage'));
const DutyPage = lazy(() => import('./DutyPage'));
const HandoversPage = lazy(() => import('./HandoversPage'));
const SwapsPage = lazy(() => import('./SwapsPage'));
const PatrolsPage = lazy(() => import('./PatrolsPage'));
const PatrolWalkPage = lazy(() => import('./PatrolWalkPage'));
const PatrolRoutesPage = lazy(() => import('./PatrolRoutesPage'));
const PatrolFiguresPage = lazy(() => import('./PatrolFiguresPage'));
const PublicPassPage = lazy(() => import('./PublicPassPage'));

export const gateRoutes: PageRoute[] = [
  { path: 'safety/gate', element: guarded(['gate.passes.verify', 'gate.visitors.write'], <GatePage />) },
  { path: 'safety/gate/scan', element: guarded('gate.passes.verify', <ScanPage />) },
  { path: 'safety/gate/visitors', element: guarded('gate.visitors.read', <VisitorsPage />) },
  { path: 'safety/gate/visitors/new', element: guarded('gate.visitors.write', <VisitorFormPage />) },
  { path: 'safety/gate/passes', element: guarded('gate.passes.read', <PassesPage />) },
  { path: 'safety/gate/passes/new', element: guarded('gate.passes.issue', <PassFormPage />) },
  { path: 'safety/gate/passes/:id', element: guarded('gate.passes.read', <PassPage />) },
  { path: 'safety/duty', element: guarded('duty.read', <DutyPage />) },
  { path: 'safety/duty/handovers', element: guarded('duty.read', <HandoversPage />) },
  { path: 'safety/duty/swaps', element: guarded('duty.read', <SwapsPage />) },
  { path: 'safety/patrols', element: guarded('patrol.read', <PatrolsPage />) },
  { path: 'safety/patrols/routes', element: guarded('patrol.read', <PatrolRoutesPage />) },
  { path: 'safety/patrols/figures', element: guarded('patrol.read', <PatrolFiguresPage />) },
  { path: 'safety/patrols/:id', element: guarded('patrol.read', <PatrolWalkPage />) },
];

/** The guardian's pass page: no login, outside the app's shell (the link's key is the pass's share token). */
export const gatePublicRoutes: PageRoute[] = [
  { path: '/public/pass/:token', element: <PublicPassPage /> },
];

export const gateNav: NavItem[] = [
  { key: 'gate', path: '/safety/gate', labelKey: 'gate.menu.gate', icon: <ScanOutlined />, action: ['gate.passes.verify', 'gate.visitors.write'] },
  { key: 'gate-passes', path: '/safety/gate/passes', labelKey: 'gate.menu.passes', icon: <FileTextOutlined />, action: 'gate.passes.read' },
  { key: 'gate-visitors', path: '/safety/gate/visitors', labelKey: 'gate.menu.visitors', icon: <UserAddOutlined />, action: 'gate.visitors.read' },
  { key: 'duty', path: '/safety/duty', labelKey: 'gate.menu.duty', icon: <ScheduleOutlined />, action: 'duty.read' },
  { key: 'patrols', path: '/safety/patrols', labelKey: 'gate.menu.patrols', icon: <AimOutlined />, action: 'patrol.read' },
  { key: 'patrol-figures', path: '/safety/patrols/figures', labelKey: 'gate.menu.patrolFigures', icon: <BarChartOutlined />, action: 'patrol.read' },
];
