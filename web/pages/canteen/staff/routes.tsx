import { lazy } from 'react';
import { AuditOutlined, CalendarOutlined, IdcardOutlined, MedicineBoxOutlined } from '@ant-design/icons';
import { guarded, type PageRoute } from '../../../app/guarded';
import type { NavItem } from '../../../app/nav';

// Canteen staff: staff and health certificates, morning checks (phone), the day's roster, self-checks and stops.
const StaffPage = lazy(() => import('./StaffPage'));
const ChecksPage = lazy(() => import('./ChecksPage'));
const RosterPage = lazy(() => import('./RosterPage'));
const SelfCheckPage = lazy(() => import('./SelfCheckPage'));

export const canteenStaffRoutes: PageRoute[] = [
  { path: 'canteen/staff', element: guarded('canteen.staff.read', <StaffPage />) },
  { path: 'canteen/staff/:id', element: guarded('canteen.staff.read', <StaffPage />) },
  { path: 'canteen/staff/checks', element: guarded('canteen.staff.checks.read', <ChecksPage />) },
  { path: 'canteen/staff/roster', element: guarded('canteen.staff.roster.read', <RosterPage />) },
  { path: 'canteen/staff/self-check', element: guarded('canteen.staff.selfcheck.read', <SelfCheckPage />) },
];

export const canteenStaffNav: NavItem[] = [
  { key: 'canteen-checks', path: '/canteen/staff/checks', labelKey: 'canteen.staff.menu.checks', icon: <MedicineBoxOutlined />, action: 'canteen.staff.checks.read' },
  { key: 'canteen-roster', path: '/canteen/staff/roster', labelKey: 'canteen.staff.menu.roster', icon: <CalendarOutlined />, action: 'canteen.staff.roster.read' },
  { key: 'canteen-self-check', path: '/canteen/staff/self-check', labelKey: 'canteen.staff.menu.selfCheck', icon: <AuditOutlined />, action: 'canteen.staff.selfcheck.read' },
  { key: 'canteen-staff', path: '/canteen/staff', labelKey: 'canteen.staff.menu.staff', icon: <IdcardOutlined />, action: 'canteen.staff.read' },
];
