import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Input, List, Space, Spin, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, CheckCircleFilled, CloseCircleFilled, ClockCircleFilled, SearchOutlined, ScanOutlined } from '@ant-design/icons';
import type { CheckStudentResult, PassBrief, VerifyResult } from '../../../../contracts/safetyGate';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { QrScanner } from '../../../components/scan/QrScanner';
import { useCheckStudent, useGateStudents, useVerifyPass } from '../../../api/gate';
import { klass, when } from './shared';

type Tone = 'go' | 'stop' | 'wait';
const TONES: Record<Tone, { bg: string; icon: ReactNode }> = {
  go: { bg: '#0a7a32', icon: <CheckCircleFilled /> },
  stop: { bg: '#c4161c', icon: <CloseCircleFilled /> },
  wait: { bg: '#b26a00', icon: <ClockCircleFilled /> },
};

/** The answer over the whole screen: green may leave, red may not; the student's name huge. */
function Answer({ tone, title, hint, pass, student, onNext, children, testId }: {
  tone: Tone; title: string; hint?: string; pass?: PassBrief | null; student?: { name: string; grade: number; className: string; boarder: boolean } | null;
  onNext: () => void; children?: ReactNode; testId: string;
}) {
  const { t } = useI18n();
  const who = pass ?? student;
  const p = pass;
  const row = (label: string, value: ReactNode) => value ? (
    <div style={{ display: 'flex', gap: 12, fontSize: 16, lineHeight: 1.5 }}>
      <span style={{ opacity: 0.8, minWidth: 64 }}>{label}</span><span style={{ fontWeight: 600, flex: 1, minWidth: 0, wordBreak: 'break-all' }}>{value}</span>
    </div>
  ) : null;
  return (
    <div role="alert" data-testid={testId} data-tone={tone}
      style={{ position: 'fixed', inset: 0, zIndex: 1100, background: TONES[tone].bg, color: '#fff', display: 'flex', flexDirection: 'column', overflowY: 'auto', padding: '24px 20px calc(20px + env(safe-area-inset-bottom))' }}>
      <div style={{ textAlign: 'center', fontSize: 64, lineHeight: 1 }}>{TONES[tone].icon}</div>
      <div style={{ textAlign: 'center', fontSize: 34, fontWeight: 800, letterSpacing: 4, margin: '12px 0 4px' }} data-testid="answer-title">{title}</div>
      {hint && <div style={{ textAlign: 'center', fontSize: 16, opacity: 0.92, marginBottom: 12 }} data-testid="answer-hint">{hint}</div>}
      {who && (
        <div style={{ background: 'rgba(255,255,255,0.14)', borderRadius: 12, padding: 16, margin: '8px 0 16px' }}>
          <div style={{ fontSize: 38, fontWeight: 800, textAlign: 'center', letterSpacing: 2 }} data-testid="answer-student">{'studentName' in who ? who.studentName : who.name}</div>
          <div style={{ fontSize: 20, textAlign: 'center', marginBottom: 12 }} data-testid="answer-class">
            {klass(t, who.grade, who.className)} · {who.boarder ? t('gate.scan.check.boarder') : t('gate.scan.check.day')}
          </div>
          {p && (
            <Space orientation="vertical" size={2} style={{ width: '100%' }}>
              {row(t('gate.scan.reason'), p.reason)}
              {row(t('gate.scan.validity'), `${when(p.validFrom)} – ${when(p.validUntil)}`)}
              {row(t('gate.scan.guardian'), p.withGuardian ? `${p.guardianName ?? ''} ${p.guardianPhone ?? ''}` : t('gate.passes.alone'))}
              {row(t('gate.scan.issuedBy'), p.issuedByName)}
              {row(t('gate.scan.code'), <span style={{ fontFamily: 'ui-monospace, monospace', letterSpacing: 3 }}>{p.code}</span>)}
            </Space>
          )}
        </div>
      )}
      {children}
      <div style={{ flex: 1 }} />
      <Button size="large" block onClick={onNext} icon={<ScanOutlined />} data-testid="answer-next"
        style={{ height: 64, fontSize: 22, fontWeight: 700, background: '#fff', color: TONES[tone].bg, border: 'none' }}>
        {t('gate.scan.next')}
      </Button>
    </div>
  );
}

function VerifyAnswer({ r, onNext }: { r: VerifyResult; onNext: () => void }) {
  const { t } = useI18n();
  const tone: Tone = r.result === 'valid' ? 'go' : r.result === 'not_yet_valid' ? 'wait' : 'stop';
  const hint = r.result === 'used' && r.pass
    ? t('gate.scan.hint.used', { at: when(r.pass.exitedAt), by: r.pass.exitedByName ?? '' })
    : r.result === 'not_yet_valid' && r.pass ? t('gate.scan.hint.not_yet_valid', { from: when(r.pass.validFrom) }) : t(`gate.scan.hint.${r.result}`);
  return <Answer tone={tone} title={t(`gate.scan.result.${r.result}`)} hint={hint} pass={r.pass} onNext={onNext} testId={`verify-${r.result}`} />;
}

function CheckAnswer({ r, onNext, onLetOut, busy }: { r: CheckStudentResult; onNext: () => void; onLetOut: (code: string) => void; busy: boolean }) {
  const { t } = useI18n();
  const tone: Tone = r.result === 'needs_pass' ? 'stop' : 'go';
  return (
    <Answer tone={tone} title={t(`gate.scan.check.${r.result}`)} hint={t(`gate.scan.check.reason.${r.reason}`)} pass={r.result === 'has_pass' ? r.pass : null}
      student={r.student} onNext={onNext} testId={`check-${r.result}`}>
      {r.result === 'has_pass' && r.pass && (
        <Button size="large" block loading={busy} onClick={() => onLetOut(r.pass!.code)} data-testid="check-let-out"
          style={{ height: 56, fontSize: 18, marginBottom: 12, background: 'rgba(255,255,255,0.2)', color: '#fff', borderColor: '#fff' }}>
          {t('gate.scan.check.letOut')}
        </Button>
      )}
    </Answer>
  );
}

function StudentLookup({ onPick, busy }: { onPick: (id: number) => void; busy: boolean }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const list = useGateStudents({ q: q.trim(), limit: 20 }, q.trim().length >= 1);
  return (
    <div data-testid="student-lookup">
      <Input size="large" allowClear autoFocus prefix={<SearchOutlined />} value={q} onChange={(e) => setQ(e.target.value)}
        placeholder={t('gate.scan.lookupPlaceholder')} style={{ height: 52, fontSize: 18, marginBottom: 8 }} data-testid="student-lookup-input" />
      {list.isFetching && !list.data && <Spin />}
      <List dataSource={q.trim() ? list.data ?? [] : []} locale={{ emptyText: q.trim() ? undefined : ' ' }} renderItem={(s) => (
        <List.Item onClick={() => !busy && onPick(s.id)} style={{ cursor: 'pointer', padding: '12px 4px' }} data-testid="student-lookup-item">
          <List.Item.Meta title={<span style={{ fontSize: 17 }}>{s.name} <Typography.Text type="secondary" style={{ fontSize: 13 }}>{s.studentNo}</Typography.Text></span>}
            description={<Space size={4}>{klass(t, s.grade, s.className)}<Tag color={s.boarder ? 'purple' : 'default'}>{s.boarder ? t('gate.scan.check.boarder') : t('gate.scan.check.day')}</Tag></Space>} />
        </List.Item>
      )} />
    </div>
  );
}

/**
 * 扫码放行: the guard points the phone at the pass (or types its code) and the whole screen
 * answers — green, the student may leave and the exit is recorded; red, why not. Without a pass,
 * the guard looks the student up and the rule answers.
 */
export default function ScanPage() {
  const { t } = useI18n();
  const verify = useVerifyPass();
  const check = useCheckStudent();
  const [mode, setMode] = useState<'scan' | 'lookup'>('scan');
  const [answer, setAnswer] = useState<{ kind: 'verify'; r: VerifyResult } | { kind: 'check'; r: CheckStudentResult } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const onCode = async (code: string) => {
    setError(null);
    try {
      setAnswer({ kind: 'verify', r: await verify.mutateAsync(code) });
    } catch (e) { setError((e as Error).message); }
  };
  const onStudent = async (id: number) => {
    setError(null);
    try {
      setAnswer({ kind: 'check', r: await check.mutateAsync(id) });
    } catch (e) { setError((e as Error).message); }
  };
  const next = () => { setAnswer(null); setMode('scan'); };

  return (
    <div data-testid="page-gate-scan" style={{ maxWidth: 560, margin: '0 auto' }}>
      <PageHeader title={mode === 'scan' ? t('gate.scan.title') : t('gate.scan.lookupTitle')}
        extra={<Link to="/safety/gate"><Button icon={<ArrowLeftOutlined />}>{t('common.back')}</Button></Link>} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} closable onClose={() => setError(null)} />}
      {mode === 'scan' ? (
        <>
          <QrScanner onResult={onCode} paused={verify.isPending || !!answer} testId="pass-scanner" />
          {verify.isPending && <div style={{ textAlign: 'center', padding: 8 }}><Spin /> {t('gate.scan.verifying')}</div>}
          <Button block size="large" type="link" icon={<SearchOutlined />} onClick={() => setMode('lookup')} style={{ marginTop: 16, height: 52, fontSize: 16 }} data-testid="scan-lookup">
            {t('gate.scan.lookup')}
          </Button>
        </>
      ) : (
        <>
          <StudentLookup onPick={onStudent} busy={check.isPending} />
          <Button block size="large" icon={<ScanOutlined />} onClick={() => setMode('scan')} style={{ marginTop: 12, height: 52 }}>{t('gate.scan.back')}</Button>
        </>
      )}
      {answer?.kind === 'verify' && <VerifyAnswer r={answer.r} onNext={next} />}
      {answer?.kind === 'check' && <CheckAnswer r={answer.r} onNext={next} onLetOut={onCode} busy={verify.isPending} />}
    </div>
  );
}
