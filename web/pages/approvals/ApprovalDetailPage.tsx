import { Link, useNavigate, useParams } from 'react-router';
import { Alert, Button, Card, Col, Descriptions, Row, Skeleton, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, FileTextOutlined } from '@ant-design/icons';
import { ApiError } from '../../api/client';
import { useApproval } from '../../api/approvals';
import { useI18n } from '../../app/i18n';
import { useIsPhone } from '../../components/useIsPhone';
import { ApprovalStateTag, CollectiveSection, DecisionButtons, StepsTimeline, fmtTime, fmtYuan, kindLabel } from './shared';

/** One approval: the document's summary and link, the decisions this reader may take, every round's steps, the collective decision. */
export default function ApprovalDetailPage() {
  const { t, has } = useI18n();
  const phone = useIsPhone();
  const navigate = useNavigate();
  const { id } = useParams();
  const n = Number(id);
  const q = useApproval(Number.isInteger(n) && n > 0 ? n : null);
  const a = q.data;
  const back = () => (window.history.length > 1 ? navigate(-1) : navigate('/approvals'));

  if (!Number.isInteger(n) || n <= 0 || (q.isError && q.error instanceof ApiError && q.error.status === 404)) {
    return <Alert type="warning" showIcon title={t('approvals.page.notFound')} data-testid="approval-not-found" />;
  }
  if (q.isError) return <Alert type="error" showIcon title={(q.error as Error).message} action={<Button size="small" onClick={() => q.refetch()}>{t('common.retry')}</Button>} />;
  if (!a) return <Skeleton active />;
  return (
    <div data-testid="page-approval-detail">
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, marginBottom: 12 }}>
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={back} aria-label={t('common.back')} />
        <Typography.Title level={4} style={{ margin: 0, flex: '1 1 200px', minWidth: 0, overflowWrap: 'anywhere' }} data-testid="page-title">{a.title}</Typography.Title>
        <ApprovalStateTag state={a.state} />
        {a.round > 1 && <Tag style={{ marginInlineEnd: 0 }}>{t('approvals.page.round', { round: a.round })}</Tag>}
      </div>
      {(a.can.approve || a.can.reject || a.can.return) && (
        <div style={{ marginBottom: 12 }}><DecisionButtons approval={a} block={phone} /></div>
      )}
      {a.collectiveMissing && !a.can.approve && (a.can.reject || a.can.return) && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('approvals.collective.missing')} />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('approvals.page.detail')} data-testid="approval-document"
            extra={<Link to={a.link}><Button type="link" icon={<FileTextOutlined />} data-testid="approval-open-document">{t('approvals.page.openDocument')}</Button></Link>}>
            <Descriptions column={phone ? 1 : 2} size="small" items={[
              { key: 'kind', label: t('approvals.page.kind'), children: kindLabel(t, has, a) },
              { key: 'amount', label: t('approvals.page.amount'), children: <Typography.Text strong data-testid="approval-amount">{fmtYuan(a.amountFen)}</Typography.Text> },
              { key: 'applicant', label: t('approvals.page.applicant'), children: a.applicantName },
              { key: 'submittedAt', label: t('approvals.page.submittedAt'), children: fmtTime(a.submittedAt) },
              ...(a.currentRole ? [{ key: 'step', label: t('approvals.page.currentStep'), children: t(`enums.role.${a.currentRole}`) }] : []),
              ...(a.endedAt ? [{ key: 'endedAt', label: t('approvals.page.endedAt'), children: fmtTime(a.endedAt) }] : []),
              ...(a.summary ? [{ key: 'summary', label: t('approvals.page.summary'), children: <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{a.summary}</span>, span: 'filled' as const }] : []),
            ]} />
          </Card>
          <div style={{ marginTop: 16 }}><CollectiveSection approval={a} /></div>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('approvals.page.steps')}>
            <StepsTimeline approval={a} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
