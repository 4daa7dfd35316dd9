import { lazy } from 'react';
import { AuditOutlined } from '@ant-design/icons';
import { guarded, type PageRoute } from '../../app/guarded';
import type { NavItem } from '../../app/nav';

const ApprovalsInboxPage = lazy(() => import('./ApprovalsInboxPage'));
const ApprovalDetailPage = lazy(() => import('./ApprovalDetailPage'));
const ApprovalRulesPage = lazy(() => import('./ApprovalRulesPage'));

export const approvalsRoutes: PageRoute[] = [
  { path: 'approvals', element: guarded('approvals.read', <ApprovalsInboxPage />) },
  { path: 'approvals/rules', element: guarded('approvals.rules.read', <ApprovalRulesPage />) },
  { path: 'approvals/:id', element: guarded('approvals.read', <ApprovalDetailPage />) },
];

export const approvalsNav: NavItem[] = [
  { key: 'approvals', path: '/approvals', labelKey: 'approvals.page.inbox', icon: <AuditOutlined />, action: 'approvals.read' },
];
