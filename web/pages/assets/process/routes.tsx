// The asset processes' pages (stocktake, damage and compensation, disposal) and their menu items (the 校产 group).
import { lazy } from 'react';
import { AccountBookOutlined, AuditOutlined, DeleteOutlined, ExceptionOutlined } from '@ant-design/icons';
import { guarded, type PageRoute } from '../../../app/guarded';
import type { NavItem } from '../../../app/nav';

const StocktakeListPage = lazy(() => import('./StocktakeListPage'));
const StocktakeDetailPage = lazy(() => import('./StocktakeDetailPage'));
const StocktakeCountPage = lazy(() => import('./StocktakeCountPage'));
const DamageListPage = lazy(() => import('./DamageListPage'));
const DamageDetailPage = lazy(() => import('./DamageDetailPage'));
const DamagePaymentsPage = lazy(() => import('./DamagePaymentsPage'));
const DamageWaiverRedirect = lazy(() => import('./DamageWaiverRedirect'));
const DisposalListPage = lazy(() => import('./DisposalListPage'));
const DisposalDetailPage = lazy(() => import('./DisposalDetailPage'));

export const assetsProcessRoutes: PageRoute[] = [
  { path: 'assets/stocktakes', element: guarded('assets.stocktake.read', <StocktakeListPage />) },
  { path: 'assets/stocktakes/:id', element: guarded('assets.stocktake.read', <StocktakeDetailPage />) },
  { path: 'assets/stocktakes/:id/count', element: guarded('assets.stocktake.count', <StocktakeCountPage />) },
  { path: 'assets/damage', element: guarded('assets.damage.read', <DamageListPage />) },
  { path: 'assets/damage/:id', element: guarded('assets.damage.read', <DamageDetailPage />) },
  { path: 'assets/damage-waivers/:id', element: guarded('assets.damage.read', <DamageWaiverRedirect />) },
  { path: 'assets/damage-payments', element: guarded('assets.damage.payments.read', <DamagePaymentsPage />) },
  { path: 'assets/disposals', element: guarded('assets.disposal.read', <DisposalListPage />) },
  { path: 'assets/disposals/:id', element: guarded('assets.disposal.read', <DisposalDetailPage />) },
];

export const assetsProcessNav: NavItem[] = [
  { key: 'asset-stocktakes', path: '/assets/stocktakes', labelKey: 'stocktake.menu.list', icon: <AuditOutlined />, action: 'assets.stocktake.read' },
  { key: 'asset-damage', path: '/assets/damage', labelKey: 'damage.menu.list', icon: <ExceptionOutlined />, action: 'assets.damage.read' },
  { key: 'asset-damage-payments', path: '/assets/damage-payments', labelKey: 'damage.menu.payments', icon: <AccountBookOutlined />, action: 'assets.damage.payments.read' },
  { key: 'asset-disposals', path: '/assets/disposals', labelKey: 'disposal.menu.list', icon: <DeleteOutlined />, action: 'assets.disposal.read' },
];
