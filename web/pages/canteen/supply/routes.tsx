import { lazy } from 'react';
import { AccountBookOutlined, ShopOutlined, InboxOutlined, TeamOutlined, ExportOutlined } from '@ant-design/icons';
import { guarded, type PageRoute } from '../../../app/guarded';
import type { NavItem } from '../../../app/nav';
import { SUPPLY } from './shared';

// Suppliers, intake 进货查验, store usage, meal counts and the month's cost account (canteen supply part).
const SuppliersPage = lazy(() => import('./SuppliersPage'));
const SupplierFormPage = lazy(() => import('./SupplierFormPage'));
const SupplierDetailPage = lazy(() => import('./SupplierDetailPage'));
const IntakesPage = lazy(() => import('./IntakesPage'));
const IntakeFormPage = lazy(() => import('./IntakeFormPage'));
const IntakeDetailPage = lazy(() => import('./IntakeDetailPage'));
const UsagePage = lazy(() => import('./UsagePage'));
const MealCountsPage = lazy(() => import('./MealCountsPage'));
const CostsPage = lazy(() => import('./CostsPage'));

export const canteenSupplyRoutes: PageRoute[] = [
  { path: 'canteen/supply/suppliers', element: guarded(SUPPLY.suppliersRead, <SuppliersPage />) },
  { path: 'canteen/supply/suppliers/new', element: guarded(SUPPLY.suppliersWrite, <SupplierFormPage />) },
  { path: 'canteen/supply/suppliers/:id', element: guarded(SUPPLY.suppliersRead, <SupplierDetailPage />) },
  { path: 'canteen/supply/suppliers/:id/edit', element: guarded(SUPPLY.suppliersWrite, <SupplierFormPage />) },
  { path: 'canteen/supply/intakes', element: guarded(SUPPLY.intakesRead, <IntakesPage />) },
  { path: 'canteen/supply/intakes/new', element: guarded(SUPPLY.intakesWrite, <IntakeFormPage />) },
  { path: 'canteen/supply/intakes/:id', element: guarded(SUPPLY.intakesRead, <IntakeDetailPage />) },
  { path: 'canteen/supply/intakes/:id/edit', element: guarded(SUPPLY.intakesWrite, <IntakeFormPage />) },
  { path: 'canteen/supply/usage', element: guarded(SUPPLY.usageRead, <UsagePage />) },
  { path: 'canteen/supply/meal-counts', element: guarded(SUPPLY.mealsRead, <MealCountsPage />) },
  { path: 'canteen/supply/costs', element: guarded(SUPPLY.costsRead, <CostsPage />) },
];

export const canteenSupplyNav: NavItem[] = [
  { key: 'canteen-intakes', path: '/canteen/supply/intakes', labelKey: 'canteen.supply.menu.intakes', icon: <InboxOutlined />, action: SUPPLY.intakesRead },
  { key: 'canteen-suppliers', path: '/canteen/supply/suppliers', labelKey: 'canteen.supply.menu.suppliers', icon: <ShopOutlined />, action: SUPPLY.suppliersRead },
  { key: 'canteen-usage', path: '/canteen/supply/usage', labelKey: 'canteen.supply.menu.usage', icon: <ExportOutlined />, action: SUPPLY.usageRead },
  { key: 'canteen-meal-counts', path: '/canteen/supply/meal-counts', labelKey: 'canteen.supply.menu.mealCounts', icon: <TeamOutlined />, action: SUPPLY.mealsRead },
  { key: 'canteen-costs', path: '/canteen/supply/costs', labelKey: 'canteen.supply.menu.costs', icon: <AccountBookOutlined />, action: SUPPLY.costsRead },
];
