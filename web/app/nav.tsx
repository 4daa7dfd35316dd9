import type { ReactNode } from 'react';
import {
  HomeOutlined, ApartmentOutlined, EnvironmentOutlined, BankOutlined, BuildOutlined, TeamOutlined, ReadOutlined,
  UserOutlined, IdcardOutlined, SettingOutlined, AuditOutlined, ToolOutlined, SafetyOutlined, CoffeeOutlined,
  InboxOutlined, AccountBookOutlined, HddOutlined, ClusterOutlined, ClockCircleOutlined, CarryOutOutlined,
  FormOutlined, ProfileOutlined, SendOutlined, SolutionOutlined, TableOutlined, BarChartOutlined, ScheduleOutlined,
} from '@ant-design/icons';

import { approvalsNav } from '../pages/approvals/routes';
import { assetsNav } from '../pages/assets/routes';
import { assetsProcessNav } from '../pages/assets/process/routes';
import { inspectionsNav } from '../pages/inspections/routes';
import { gateNav } from '../pages/safety/gate/routes';
import { hazardsNav } from '../pages/safety/hazards/routes';
import { safetyRecordsNav } from '../pages/safety/records/routes';
import { canteenMealsNav } from '../pages/canteen/meals/routes';
import { canteenStaffNav } from '../pages/canteen/staff/routes';
import { canteenSupplyNav } from '../pages/canteen/supply/routes';

export interface NavItem {
  /** Menu key and test id suffix: `menu-<key>`. */
  key: string;
  path: string;
  labelKey: string;
  icon: ReactNode;
  /** Shown only to people holding this action (a list: any one of them). */
  action?: string | string[];
  /** A future module: a labelled place in the menu, no page behind it yet. */
  soon?: boolean;
}
export interface NavGroup { key: string; labelKey: string; icon: ReactNode; items: NavItem[] }
export type NavEntry = NavItem | NavGroup;

export const isGroup = (e: NavEntry): e is NavGroup => 'items' in e;

/** The school page: the administrator edits the school's details, leaders its settings. */
export const SCHOOL_PAGE = ['org.school.write', 'settings.write'];

export const NAV: NavEntry[] = [
  { key: 'home', path: '/', labelKey: 'menu.home', icon: <HomeOutlined /> },
  { key: 'my-tasks', path: '/tasks', labelKey: 'menu.myTasks', icon: <CarryOutOutlined /> },
  {
    key: 'org', labelKey: 'menu.org', icon: <ApartmentOutlined />, items: [
      { key: 'campuses', path: '/org/campuses', labelKey: 'menu.campuses', icon: <BankOutlined />, action: 'org.structure.read' },
      { key: 'buildings', path: '/org/buildings', labelKey: 'menu.buildings', icon: <BuildOutlined />, action: 'org.structure.read' },
      { key: 'locations', path: '/org/locations', labelKey: 'menu.locations', icon: <EnvironmentOutlined />, action: 'org.structure.read' },
      { key: 'departments', path: '/org/departments', labelKey: 'menu.departments', icon: <ClusterOutlined />, action: 'org.structure.read' },
      { key: 'classes', path: '/org/classes', labelKey: 'menu.classes', icon: <ReadOutlined />, action: 'org.structure.read' },
      { key: 'students', path: '/org/students', labelKey: 'menu.students', icon: <TeamOutlined />, action: 'org.students.read' },
    ],
  },
  {
    key: 'repairs', labelKey: 'menu.repairs', icon: <ToolOutlined />, items: [
      { key: 'repair-report', path: '/repairs/new', labelKey: 'repairs.menu.report', icon: <FormOutlined />, action: 'repairs.order.report' },
      { key: 'repairs-mine', path: '/repairs/mine', labelKey: 'repairs.menu.mine', icon: <ProfileOutlined />, action: 'repairs.order.report' },
      { key: 'repairs-dispatch', path: '/repairs/dispatch', labelKey: 'repairs.menu.dispatch', icon: <SendOutlined />, action: 'repairs.order.dispatch' },
      { key: 'repairs-queue', path: '/repairs/queue', labelKey: 'repairs.menu.queue', icon: <SolutionOutlined />, action: 'repairs.order.work' },
      { key: 'repairs-log', path: '/repairs/log', labelKey: 'repairs.menu.log', icon: <TableOutlined />, action: 'repairs.log.read' },
      { key: 'repairs-stats', path: '/repairs/stats', labelKey: 'repairs.menu.stats', icon: <BarChartOutlined />, action: 'repairs.stats.read' },
      { key: 'repairs-plans', path: '/repairs/plans', labelKey: 'repairs.menu.plans', icon: <ScheduleOutlined />, action: 'repairs.plans.read' },
    ],
  },
  { key: 'assets', labelKey: 'menu.assets', icon: <HddOutlined />, items: [...assetsNav, ...assetsProcessNav] },
  { key: 'safety', labelKey: 'menu.safety', icon: <SafetyOutlined />, items: [...safetyRecordsNav, ...gateNav, ...hazardsNav, ...inspectionsNav] },
  { key: 'canteen', labelKey: 'menu.canteen', icon: <CoffeeOutlined />, items: [...canteenMealsNav, ...canteenStaffNav, ...canteenSupplyNav] },
  ...approvalsNav,
  { key: 'users', path: '/users', labelKey: 'menu.users', icon: <IdcardOutlined />, action: 'org.staff.read' },
  { key: 'school', path: '/school', labelKey: 'menu.school', icon: <SettingOutlined />, action: SCHOOL_PAGE },
  { key: 'audit', path: '/audit', labelKey: 'menu.audit', icon: <AuditOutlined />, action: 'audit.read' },
  {
    key: 'soon', labelKey: 'menu.soonGroup', icon: <ClockCircleOutlined />, items: [
      { key: 'warehouse', path: '/soon/warehouse', labelKey: 'menu.warehouse', icon: <InboxOutlined />, soon: true },
      { key: 'finance', path: '/soon/finance', labelKey: 'menu.finance', icon: <AccountBookOutlined />, soon: true },
      { key: 'dorms', path: '/soon/dorms', labelKey: 'menu.dorms', icon: <UserOutlined />, soon: true },
    ],
  },
];

export const SOON_KEYS = ['warehouse', 'finance', 'dorms'] as const;

/** The menu key of a path: the longest nav path that prefixes it. */
export function navKeyOf(pathname: string): string {
  let best = 'home';
  let len = 1;
  const visit = (e: NavEntry) => {
    if (isGroup(e)) return e.items.forEach(visit);
    if (e.path !== '/' && (pathname === e.path || pathname.startsWith(e.path + '/')) && e.path.length > len) { best = e.key; len = e.path.length; }
  };
  NAV.forEach(visit);
  if (pathname.startsWith('/profile')) return 'profile';
  return best;
}
