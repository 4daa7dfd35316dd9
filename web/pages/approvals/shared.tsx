import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Card, DatePicker, Empty, Form, Input, Modal, Space, Tag, Timeline, Typography } from 'antd';
import { CheckOutlined, CloseOutlined, RollbackOutlined, TeamOutlined, RightOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { ApprovalAction, ApprovalDetail, ApprovalItem, ApprovalState, ApprovalStep, StepDecision } from '../../../contracts/approvals';
import { COMMENT_MAX, ATTENDEES_MAX, RESOLUTION_MAX } from '../../../contracts/approvals';
import { ApiError } from '../../api/client';
import { useDecide, useRecordCollective } from '../../api/approvals';
import { useI18n, type T } from '../../app/i18n';
import { PhotoGallery } from '../../components/files/PhotoGallery';
import { PhotoUpload } from '../../components/files/PhotoUpload';
import { useIsPhone } from '../../components/useIsPhone';

export const STATE_COLORS: Record<ApprovalState, string> = { pending: 'processing', approved: 'success', rejected: 'error', returned: 'warning' };
const DECISION_COLORS: Record<StepDecision, string> = { approved: 'green', rejected: 'red', returned: 'orange' };

export const fmtTime = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '');
/** Fen as yuan with thousands separators: 1234500 → ¥12,345.00. */
export const fmtYuan = (fen: number) => `¥${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export function kindLabel(t: T, has: (k: string) => boolean, a: Pick<ApprovalItem, 'kind' | 'kindLabelKey'>) {
  return has(a.kindLabelKey) ? t(a.kindLabelKey) : a.kind;
}

export function ApprovalStateTag({ state }: { state: ApprovalState }) {
  const { t } = useI18n();
  return <Tag color={STATE_COLORS[state]} style={{ marginInlineEnd: 0 }} data-testid="approval-state">{t(`approvals.state.${state}`)}</Tag>;
}

/** Every round's steps, oldest round first: who decided, when, what they said; the waiting step in blue. */
export function StepsTimeline({ approval }: { approval: ApprovalDetail }) {
  const { t } = useI18n();
  const rounds = [...new Set(approval.steps.map((s) => s.round))];
  const label = (s: ApprovalStep) => {
    if (s.decision) return <Tag color={DECISION_COLORS[s.decision]} style={{ marginInlineEnd: 0 }}>{t(`approvals.decision.${s.decision}`)}</Tag>;
    if (s.id === approval.currentStepId) return <Tag color="processing" style={{ marginInlineEnd: 0 }}>{t('approvals.page.waiting')}</Tag>;
    return <Tag style={{ marginInlineEnd: 0 }}>{t('approvals.page.notReached')}</Tag>;
  };
  return (
    <div data-testid="approval-steps">
      {rounds.map((round) => (
        <div key={round}>
          {rounds.length > 1 && <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>{t('approvals.page.round', { round })}</Typography.Text>}
          <Timeline
            items={[
              { key: 'submit', color: 'blue', content: (
                <div>
                  <Space size={6} wrap><Typography.Text strong>{t('approvals.page.submitted')}</Typography.Text><span>{approval.applicantName}</span></Space>
                  {round === approval.round && <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{fmtTime(approval.submittedAt)}</Typography.Text></div>}
                </div>
              ) },
              ...approval.steps.filter((s) => s.round === round).map((s) => ({
                key: s.id,
                color: s.decision ? DECISION_COLORS[s.decision] : s.id === approval.currentStepId ? 'blue' : 'gray',
                content: (
                  <div style={{ minWidth: 0 }} data-testid="approval-step" data-decision={s.decision ?? (s.id === approval.currentStepId ? 'waiting' : 'none')}>
                    <Space size={[6, 4]} wrap>
                      <Typography.Text strong>{t(`enums.role.${s.role}`)}</Typography.Text>
                      {label(s)}
                      {s.decidedByName && <span>{s.decidedByName}</span>}
                    </Space>
                    {s.decidedAt && <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{fmtTime(s.decidedAt)}</Typography.Text></div>}
                    {s.comment && <div style={{ color: '#595959', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{s.comment}</div>}
                  </div>
                ),
              })),
            ]} />
        </div>
      ))}
    </div>
  );
}

const ICONS: Record<ApprovalAction, React.ReactNode> = { approve: <CheckOutlined />, reject: <CloseOutlined />, return: <RollbackOutlined /> };

/** The decisions this reader may take now, each asking for a comment (required to reject or return). */
export function DecisionButtons({ approval, block }: { approval: ApprovalDetail; block?: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const decide = useDecide();
  const [action, setAction] = useState<ApprovalAction | null>(null);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const actions = (['approve', 'return', 'reject'] as const).filter((a) => approval.can[a]);
  useEffect(() => { if (action) { setComment(''); setError(null); } }, [action]);
  if (!actions.length) return null;
  const needsComment = action === 'reject' || action === 'return';
  const submit = async () => {
    if (!action) return;
    if (needsComment && !comment.trim()) { setError(t('approvals.page.commentRequiredHint')); return; }
    try {
      await decide.mutateAsync({ id: approval.id, action, comment: comment.trim() || null, stepId: approval.currentStepId });
      message.success(t('approvals.page.decided'));
      setAction(null);
    } catch (e) {
      // Someone was first, or it changed meanwhile: the page has refreshed; say why and close.
      if (e instanceof ApiError && e.status === 409) { message.warning(e.message); setAction(null); return; }
      setError(e instanceof ApiError ? [e.message, ...e.fields.map((f) => f.message)].filter((m, i, a) => a.indexOf(m) === i).join('；') : String(e));
    }
  };
  return (
    <>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }} data-testid="approval-actions">
        {actions.map((a) => (
          <Button key={a} size="large" block={block} type={a === 'approve' ? 'primary' : 'default'} danger={a === 'reject'} icon={ICONS[a]}
            style={block ? { flex: '1 1 100%' } : undefined} onClick={() => setAction(a)} data-testid={`approval-${a}`}>
            {t(`approvals.action.${a}`)}
          </Button>
        ))}
      </div>
      <Modal open={!!action} title={action ? `${t(`approvals.action.${action}`)} · ${approval.title}` : ''} onCancel={() => setAction(null)} destroyOnHidden
        okText={t('approvals.page.confirm')} cancelText={t('approvals.page.cancel')} onOk={submit} confirmLoading={decide.isPending}
        okButtonProps={{ danger: action === 'reject', size: 'large', 'data-testid': 'approval-confirm' } as never} cancelButtonProps={{ size: 'large' }}>
        <Form layout="vertical">
          <Form.Item label={t('approvals.page.comment')} required={needsComment} validateStatus={error ? 'error' : undefined} help={error ?? (needsComment ? t('approvals.page.commentRequiredHint') : undefined)}>
            <Input.TextArea value={comment} onChange={(e) => { setComment(e.target.value); setError(null); }} rows={4} maxLength={COMMENT_MAX} showCount
              placeholder={t('approvals.page.commentPlaceholder')} data-testid="approval-comment" autoFocus />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

interface CollectiveForm { meetingDate?: Dayjs; attendees?: string; resolution?: string; fileIds?: string[] }

/** 集体决策: the records of every round and, for the applicant or a leader, the form to record (or correct) this round's. */
export function CollectiveSection({ approval }: { approval: ApprovalDetail }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const phone = useIsPhone();
  const record = useRecordCollective();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<CollectiveForm>();
  const current = approval.collectiveDecisions.find((c) => c.round === approval.round);
  if (!approval.collectiveRequired && !approval.collectiveDecisions.length) return null;

  const start = () => {
    setError(null);
    form.resetFields();
    if (current) form.setFieldsValue({ meetingDate: dayjs(current.meetingDate), attendees: current.attendees, resolution: current.resolution, fileIds: current.files.map((f) => f.id) });
    setOpen(true);
  };
  const submit = async (v: CollectiveForm) => {
    setError(null);
    try {
      await record.mutateAsync({ id: approval.id, body: {
        meetingDate: v.meetingDate ? v.meetingDate.format('YYYY-MM-DD') : '', attendees: v.attendees ?? '', resolution: v.resolution ?? '',
        fileIds: v.fileIds ?? [], ...(current ? { version: current.version } : {}),
      } });
      message.success(t('approvals.collective.saved'));
      setOpen(false);
    } catch (e) {
      if (!(e instanceof ApiError)) { setError(String(e)); return; }
      const known = ['meetingDate', 'attendees', 'resolution', 'fileIds'];
      form.setFields(e.fields.filter((f) => known.includes(f.path)).map((f) => ({ name: f.path as keyof CollectiveForm, errors: [f.message.replace(/^[^：:]{1,20}[：:]\s*/, '')] })));
      setError(e.message);
    }
  };

  return (
    <Card size="small" title={<Space><TeamOutlined />{t('approvals.collective.title')}</Space>} data-testid="approval-collective"
      extra={approval.can.collectiveDecision ? (
        <Button type={current ? 'default' : 'primary'} onClick={start} data-testid="collective-open">{t(current ? 'approvals.collective.edit' : 'approvals.collective.record')}</Button>
      ) : undefined}>
      {approval.collectiveMissing && (
        <Alert type="warning" showIcon style={{ marginBottom: approval.collectiveDecisions.length ? 12 : 0 }}
          title={t('approvals.collective.required', { threshold: (approval.collectiveThresholdFen / 100).toLocaleString('zh-CN') })} />
      )}
      {approval.collectiveDecisions.map((c) => (
        <div key={c.id} style={{ marginBottom: 12 }} data-testid="collective-record">
          {approval.round > 1 && <Typography.Text type="secondary">{t('approvals.page.round', { round: c.round })}</Typography.Text>}
          <div><Typography.Text type="secondary">{t('approvals.collective.meetingDate')}：</Typography.Text>{c.meetingDate}</div>
          <div style={{ overflowWrap: 'anywhere' }}><Typography.Text type="secondary">{t('approvals.collective.attendees')}：</Typography.Text>{c.attendees}</div>
          <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}><Typography.Text type="secondary">{t('approvals.collective.resolution')}：</Typography.Text>{c.resolution}</div>
          <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('approvals.collective.recordedBy')}：{c.recordedByName} · {fmtTime(c.recordedAt)}</Typography.Text></div>
          {c.files.length > 0 && <div style={{ marginTop: 6 }}><PhotoGallery files={c.files} size={72} /></div>}
        </div>
      ))}
      <Modal open={open} title={t('approvals.collective.title')} onCancel={() => setOpen(false)} destroyOnHidden footer={null} width={phone ? '100%' : 560}
        style={phone ? { top: 0, maxWidth: '100vw', margin: 0, paddingBottom: 0 } : undefined}>
        <Form form={form} layout="vertical" onFinish={submit} requiredMark data-testid="collective-form">
          <Form.Item name="meetingDate" label={t('approvals.collective.meetingDate')} rules={[{ required: true, message: t('errors.approvals.meetingDate') }]}>
            <DatePicker style={{ width: '100%' }} size="large" inputReadOnly={phone} disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="collective-date" />
          </Form.Item>
          <Form.Item name="attendees" label={t('approvals.collective.attendees')} rules={[{ required: true, whitespace: true, message: t('errors.approvals.attendeesRequired') }]}>
            <Input.TextArea rows={2} maxLength={ATTENDEES_MAX} placeholder={t('approvals.collective.attendeesPlaceholder')} data-testid="collective-attendees" />
          </Form.Item>
          <Form.Item name="resolution" label={t('approvals.collective.resolution')} rules={[{ required: true, whitespace: true, message: t('errors.approvals.resolutionRequired') }]}>
            <Input.TextArea rows={3} maxLength={RESOLUTION_MAX} data-testid="collective-resolution" />
          </Form.Item>
          <Form.Item name="fileIds" label={t('approvals.collective.files')}>
            <PhotoUpload allowPdf camera={false} max={10} known={current?.files} />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
          <Button type="primary" htmlType="submit" size="large" block loading={record.isPending} data-testid="collective-save">{t('approvals.rules.save')}</Button>
        </Form>
      </Modal>
    </Card>
  );
}

/** An approval as a card in a list: title, kind, amount, applicant, state, the step waiting. */
export function ApprovalCard({ a }: { a: ApprovalItem }) {
  const { t, has } = useI18n();
  return (
    <Link to={`/approvals/${a.id}`} style={{ display: 'block', color: 'inherit' }} data-testid="approval-card" data-id={a.id}>
      <Card size="small" hoverable>
        <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
          <div style={{ flex: 1, minWidth: 0 }}>
            <Typography.Text strong style={{ display: 'block', overflowWrap: 'anywhere' }}>{a.title}</Typography.Text>
            <Space size={[8, 4]} wrap style={{ marginTop: 4 }}>
              <ApprovalStateTag state={a.state} />
              <Tag style={{ marginInlineEnd: 0 }}>{kindLabel(t, has, a)}</Tag>
              <Typography.Text strong>{fmtYuan(a.amountFen)}</Typography.Text>
            </Space>
            <div style={{ marginTop: 4, color: '#8c8c8c', fontSize: 13 }}>
              {a.applicantName} · {fmtTime(a.submittedAt)}
              {a.currentRole && <> · {t('approvals.page.currentStep')}：{t(`enums.role.${a.currentRole}`)}</>}
              {a.myDecision && <> · {t('approvals.page.myDecision')}：{t(`approvals.decision.${a.myDecision}`)}</>}
            </div>
          </div>
          <RightOutlined style={{ color: '#bfbfbf', marginTop: 4 }} />
        </div>
      </Card>
    </Link>
  );
}

export function NoApprovals() {
  const { t } = useI18n();
  return <Empty description={t('approvals.page.empty')} style={{ padding: '32px 0' }} />;
}
