import { Link } from 'react-router';
import { Alert, Button, Card, Skeleton, Space, Typography } from 'antd';
import { AuditOutlined } from '@ant-design/icons';
import { useApprovalOfDocument } from '../../api/approvals';
import { useI18n } from '../../app/i18n';
import { useIsPhone } from '../../components/useIsPhone';
import { ApprovalStateTag, CollectiveSection, DecisionButtons, StepsTimeline } from './shared';

/**
 * The approval of a document, for the document's own page (a disposal request, a damage waiver…):
 * its state, every step with who/when/comment, the collective decision when one is needed, and
 * the buttons this reader may use now. Shows nothing when the document was never submitted.
 */
export function ApprovalPanel({ kind, documentId }: { kind: string; documentId: number }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const q = useApprovalOfDocument(kind, documentId);
  if (q.isPending) return <Card size="small"><Skeleton active paragraph={{ rows: 2 }} /></Card>;
  if (q.isError) return <Alert type="error" showIcon title={(q.error as Error).message} />;
  const a = q.data.approval;
  if (!a) {
    return (
      <Card size="small" title={<Space><AuditOutlined />{t('approvals.page.panelTitle')}</Space>} data-testid="approval-panel">
        <Typography.Text type="secondary">{t('approvals.page.noApproval')}</Typography.Text>
      </Card>
    );
  }
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="approval-panel">
      <Card size="small" title={<Space><AuditOutlined />{t('approvals.page.panelTitle')}<ApprovalStateTag state={a.state} /></Space>}
        extra={<Link to={`/approvals/${a.id}`}><Button type="link" size="small">{t('approvals.page.detail')}</Button></Link>}>
        <DecisionButtons approval={a} block={phone} />
        <div style={{ marginTop: a.can.approve || a.can.reject || a.can.return ? 16 : 0 }}>
          <StepsTimeline approval={a} />
        </div>
      </Card>
      <CollectiveSection approval={a} />
    </Space>
  );
}

export default ApprovalPanel;
