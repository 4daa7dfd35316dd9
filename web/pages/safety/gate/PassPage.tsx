import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Input, Modal, Result, Skeleton, Space, Timeline, Typography } from 'antd';
import { CopyOutlined, ExpandOutlined, ArrowLeftOutlined, SendOutlined, LinkOutlined } from '@ant-design/icons';
import type { ExitPass } from '../../../../contracts/safetyGate';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { useCancelPass, usePass, useReturnPass } from '../../../api/gate';
import { PassStatusTag, klass, when } from './shared';
import { PassQr, CodeText } from './PassQr';

/** The guardian's page of a pass (no login): its key is the pass's share token, never the code. */
export const guardianLink = (token: string) => `${window.location.origin}/public/pass/${token}`;

/** Full screen for the gate: white, the QR as large as the phone allows, the code under it. */
function FullScreen({ pass, onClose }: { pass: ExitPass; onClose: () => void }) {
  const { t } = useI18n();
  const side = Math.min(window.innerWidth - 40, window.innerHeight - 260, 420);
  return (
    <div style={{ position: 'fixed', inset: 0, zIndex: 1100, background: '#fff', display: 'flex', flexDirection: 'column', justifyContent: 'center', padding: 20 }} onClick={onClose} data-testid="pass-fullscreen">
      <div style={{ textAlign: 'center', fontSize: 26, fontWeight: 700 }}>{pass.studentName}</div>
      <div style={{ textAlign: 'center', fontSize: 16, marginBottom: 12 }}>{klass(t, pass.grade, pass.className)} · {when(pass.validFrom)} – {when(pass.validUntil)}</div>
      <PassQr code={pass.code} size={side} />
      <CodeText code={pass.code} size={44} />
      <div style={{ textAlign: 'center', color: '#888', marginTop: 12 }}>{t('gate.pass.show')}</div>
    </div>
  );
}

/**
 * 出门条: the QR code and the code to show at the gate (on the head teacher's phone, or sent to the
 * guardian: the text with the code and a link to the guardian's page, which shows the QR and the live
 * status without a login), its state, and its history.
 */
export default function PassPage() {
  const { t } = useI18n();
  const { id } = useParams();
  const { message } = App.useApp();
  const q = usePass(Number(id) || null);
  const ret = useReturnPass();
  const cancel = useCancelPass();
  const [full, setFull] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const [sending, setSending] = useState(false);
  const p = q.data;

  if (q.isError) return <Result status="404" title={(q.error as Error).message} extra={<Link to="/safety/gate/passes"><Button>{t('common.back')}</Button></Link>} />;
  if (!p) return <Skeleton active />;

  const share = t('gate.pass.shareText', { student: p.studentName, klass: klass(t, p.grade, p.className), from: when(p.validFrom), until: when(p.validUntil), reason: p.reason, code: p.code });
  const copy = async () => {
    try { await navigator.clipboard.writeText(share); message.success(t('gate.pass.copied')); } catch { message.info(share); }
  };
  const link = p.shareToken ? guardianLink(p.shareToken) : null;
  const shareWithLink = link ? `${share}\n${t('gate.pass.shareLinkLine', { link })}` : share;
  // The modal shows the text itself: a browser without clipboard access (WeChat's) can still select it.
  const copyText = async (text: string) => {
    try { await navigator.clipboard.writeText(text); message.success(t('gate.pass.linkCopied')); } catch { /* the text stays on screen to select */ }
  };
  const showQr = p.status === 'valid' || p.status === 'pending';

  return (
    <div data-testid="page-pass" style={{ maxWidth: 560, margin: '0 auto' }}>
      <PageHeader title={<Space>{t('gate.pass.title')}<PassStatusTag status={p.status} overdue={p.overdueReturn} /></Space>}
        extra={<Link to="/safety/gate/passes"><Button icon={<ArrowLeftOutlined />}>{t('common.back')}</Button></Link>} />
      <Card>
        <div style={{ textAlign: 'center', fontSize: 24, fontWeight: 700 }} data-testid="pass-student">{p.studentName}</div>
        <div style={{ textAlign: 'center', marginBottom: 12 }}>{klass(t, p.grade, p.className)} · {p.studentNo}</div>
        {showQr ? (
          <>
            <div onClick={() => setFull(true)} style={{ cursor: 'zoom-in' }}><PassQr code={p.code} size={240} /></div>
            <CodeText code={p.code} />
            <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginBottom: 12 }}>{t('gate.pass.show')}</Typography.Paragraph>
            <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 8 }}>
              <Button size="large" type="primary" icon={<ExpandOutlined />} onClick={() => setFull(true)} data-testid="pass-full">{t('gate.pass.fullScreen')}</Button>
              <Button size="large" icon={<CopyOutlined />} onClick={copy} data-testid="pass-copy">{t('gate.pass.copy')}</Button>
              {link && (
                <Button size="large" icon={<SendOutlined />} style={{ gridColumn: '1 / -1' }} data-testid="pass-send-guardian"
                  onClick={() => { setSending(true); void copyText(shareWithLink); }}>
                  {t('gate.pass.sendGuardian')}
                </Button>
              )}
            </div>
          </>
        ) : <CodeText code={p.code} size={28} />}
      </Card>
      <Card size="small" style={{ marginTop: 12 }}>
        <Descriptions column={1} size="small" items={[
          { key: 'reason', label: t('gate.scan.reason'), children: p.reason },
          { key: 'validity', label: t('gate.scan.validity'), children: `${when(p.validFrom)} – ${when(p.validUntil)}` },
          { key: 'guardian', label: t('gate.scan.guardian'), children: p.withGuardian ? `${p.guardianName ?? ''} ${p.guardianPhone ?? ''}` : t('gate.passes.alone') },
          ...(p.note ? [{ key: 'note', label: t('gate.passForm.note'), children: p.note }] : []),
        ]} />
        <Typography.Title level={5} style={{ marginTop: 12 }}>{t('gate.pass.timeline')}</Typography.Title>
        <Timeline items={[
          { content: `${when(p.issuedAt)} ${t('gate.pass.issued', { name: p.issuedByName })}` },
          ...(p.exitedAt ? [{ color: 'orange', content: `${when(p.exitedAt)} ${t('gate.pass.exited', { name: p.exitedByName ?? '' })}` }] : []),
          ...(p.returnedAt ? [{ color: 'green', content: `${when(p.returnedAt)} ${t('gate.pass.returned', { name: p.returnedByName ?? '' })}` }] : []),
          ...(p.cancelledAt ? [{ color: 'gray', content: `${when(p.cancelledAt)} ${t('gate.pass.cancelledBy', { reason: p.cancelReason ?? '' })}` }] : []),
        ]} />
        <Space wrap>
          {p.actions.includes('return') && (
            <Button type="primary" size="large" loading={ret.isPending} data-testid="pass-return"
              onClick={async () => { try { await ret.mutateAsync(p.id); message.success(t('gate.passes.returnedOk')); } catch (e) { message.error((e as Error).message); } }}>
              {t('gate.passes.doReturn')}
            </Button>
          )}
          {p.actions.includes('cancel') && <Button danger size="large" onClick={() => setCancelling(true)} data-testid="pass-cancel">{t('gate.passes.cancel')}</Button>}
        </Space>
        {cancel.isError && <Alert type="error" showIcon title={(cancel.error as Error).message} style={{ marginTop: 8 }} />}
      </Card>
      <Modal open={cancelling} title={t('gate.passes.cancel')} onCancel={() => setCancelling(false)} okButtonProps={{ danger: true, disabled: !reason.trim(), loading: cancel.isPending }}
        onOk={async () => { await cancel.mutateAsync({ id: p.id, reason: reason.trim() }); setCancelling(false); message.success(t('gate.passes.cancelled')); }}>
        <Input.TextArea rows={2} maxLength={200} placeholder={t('gate.passes.cancelReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
      {link && (
        <Modal open={sending} title={t('gate.pass.sendTitle')} onCancel={() => setSending(false)} footer={null} data-testid="pass-send-modal">
          <Typography.Paragraph type="secondary">{t('gate.pass.sendHelp')}</Typography.Paragraph>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', background: '#fafafa', padding: 8, borderRadius: 6 }} data-testid="pass-send-text">{shareWithLink}</Typography.Paragraph>
          <Typography.Text type="secondary">{t('gate.pass.linkLabel')}</Typography.Text>
          <Typography.Paragraph style={{ wordBreak: 'break-all' }}><a href={link} target="_blank" rel="noreferrer" data-testid="pass-send-link">{link}</a></Typography.Paragraph>
          <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 8 }}>
            <Button type="primary" size="large" icon={<CopyOutlined />} onClick={() => copyText(shareWithLink)} data-testid="pass-send-copy-all">{t('gate.pass.copyAll')}</Button>
            <Button size="large" icon={<LinkOutlined />} onClick={() => copyText(link)} data-testid="pass-send-copy-link">{t('gate.pass.copyLink')}</Button>
          </div>
        </Modal>
      )}
      {full && <FullScreen pass={p} onClose={() => setFull(false)} />}
    </div>
  );
}
