import { lazy } from 'react';
import { AuditOutlined, OrderedListOutlined } from '@ant-design/icons';
import { guarded, type PageRoute } from '../../app/guarded';
import type { NavItem } from '../../app/nav';

const InspectionListPage = lazy(() => import('./InspectionListPage'));
const InspectionFormPage = lazy(() => import('./InspectionFormPage'));
const TemplatesPage = lazy(() => import('./TemplatesPage'));

export const inspectionsRoutes: PageRoute[] = [
  { path: 'inspections', element: guarded('inspections.inspection.read', <InspectionListPage />) },
  { path: 'inspections/templates', element: guarded('inspections.template.read', <TemplatesPage />) },
  { path: 'inspections/:id', element: guarded('inspections.inspection.read', <InspectionFormPage />) },
];

export const inspectionsNav: NavItem[] = [
  { key: 'inspections', path: '/inspections', labelKey: 'inspections.web.menu.inspections', icon: <AuditOutlined />, action: 'inspections.inspection.read' },
  { key: 'inspection-templates', path: '/inspections/templates', labelKey: 'inspections.web.menu.templates', icon: <OrderedListOutlined />, action: 'inspections.template.write' },
];
