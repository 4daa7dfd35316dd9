import { lazy } from 'react';
import { DatabaseOutlined, UserOutlined, ImportOutlined, QrcodeOutlined, AccountBookOutlined, ApartmentOutlined } from '@ant-design/icons';
import { guarded, type PageRoute } from '../../app/guarded';
import type { NavItem } from '../../app/nav';

const AssetListPage = lazy(() => import('./AssetListPage'));
const AssetDetailPage = lazy(() => import('./AssetDetailPage'));
const AssetFormPage = lazy(() => import('./AssetFormPage'));
const ScanPage = lazy(() => import('./ScanPage'));
const ImportPage = lazy(() => import('./ImportPage'));
const LabelsPage = lazy(() => import('./LabelsPage'));
const LedgerPage = lazy(() => import('./LedgerPage'));
const MinePage = lazy(() => import('./MinePage'));
const ClassesPage = lazy(() => import('./ClassesPage'));

/** The register's pages (the process part — stocktakes, damage, disposal — lists its own in process/routes.tsx). */
export const assetsRoutes: PageRoute[] = [
  { path: 'assets', element: guarded('assets.export', <AssetListPage />) },
  { path: 'assets/new', element: guarded('assets.asset.write', <AssetFormPage />) },
  { path: 'assets/mine', element: guarded('assets.asset.read', <MinePage />) },
  { path: 'assets/import', element: guarded('assets.import', <ImportPage />) },
  { path: 'assets/labels', element: guarded('assets.labels.print', <LabelsPage />) },
  { path: 'assets/ledger', element: guarded('assets.ledger.read', <LedgerPage />) },
  { path: 'assets/classes', element: guarded('assets.classes.read', <ClassesPage />) },
  { path: 'assets/scan/:code', element: guarded('assets.asset.read', <ScanPage />) },
  { path: 'assets/:id', element: guarded('assets.asset.read', <AssetDetailPage />) },
  { path: 'assets/:id/edit', element: guarded('assets.asset.write', <AssetFormPage />) },
];

/** Menu items in the 校产 group. */
export const assetsNav: NavItem[] = [
  { key: 'assets-list', path: '/assets', labelKey: 'assets.menu.list', icon: <DatabaseOutlined />, action: 'assets.export' },
  { key: 'assets-mine', path: '/assets/mine', labelKey: 'assets.menu.mine', icon: <UserOutlined />, action: 'assets.asset.read' },
  { key: 'assets-import', path: '/assets/import', labelKey: 'assets.menu.import', icon: <ImportOutlined />, action: 'assets.import' },
  { key: 'assets-labels', path: '/assets/labels', labelKey: 'assets.menu.labels', icon: <QrcodeOutlined />, action: 'assets.labels.print' },
  { key: 'assets-ledger', path: '/assets/ledger', labelKey: 'assets.menu.ledger', icon: <AccountBookOutlined />, action: 'assets.ledger.read' },
  { key: 'assets-classes', path: '/assets/classes', labelKey: 'assets.menu.classes', icon: <ApartmentOutlined />, action: 'assets.classes.write' },
];
