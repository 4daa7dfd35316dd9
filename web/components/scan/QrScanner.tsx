import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Alert, Button, Input, Space, Typography } from 'antd';
import { BulbFilled, BulbOutlined, CameraOutlined, CheckOutlined, StopOutlined } from '@ant-design/icons';
import { BrowserQRCodeReader, type IScannerControls } from '@zxing/browser';
import { useI18n } from '../../app/i18n';

/*
 * The camera QR scanner shared by the gate (exit passes, patrol checkpoints) and the asset
 * stocktakes. The rear camera through @zxing/browser, a torch button when the camera has one,
 * and always a big "type the code" box: cameras fail, desktops have none, a label may be torn.
 *
 *   <QrScanner onResult={(text) => …} paused={busy} />
 *
 * `onResult` gets the decoded text (or what was typed), trimmed. The same text is not reported
 * twice within 2.5 s (a code held before the camera decodes many times a second). While `paused`
 * the camera keeps running (no re-asking for permission) but nothing is reported.
 */

export interface QrScannerProps {
  onResult: (text: string) => void;
  paused?: boolean;
  /** Start without the camera (only the typed box); the user may turn it on. */
  cameraOff?: boolean;
  /** Placeholder of the typed box (default: "type the code"). */
  placeholder?: string;
  /** Upper-case what is typed (short codes); default true. */
  upperCase?: boolean;
  /** Test id prefix: `<id>-input`, `<id>-submit`, `<id>-video` (default `qr-scanner`). */
  testId?: string;
}

type CameraState = 'starting' | 'on' | 'off' | 'denied' | 'none' | 'failed';

const REPEAT_MS = 2500;

export function QrScanner({ onResult, paused = false, cameraOff = false, placeholder, upperCase = true, testId = 'qr-scanner' }: QrScannerProps) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const controls = useRef<IScannerControls | null>(null);
  const last = useRef<{ text: string; at: number }>({ text: '', at: 0 });
  // The callbacks read the newest props without restarting the camera.
  const live = useRef({ onResult, paused });
  live.current = { onResult, paused };
  const [camera, setCamera] = useState<CameraState>(cameraOff ? 'off' : 'starting');
  const [want, setWant] = useState(!cameraOff);
  const [torch, setTorch] = useState<{ available: boolean; on: boolean }>({ available: false, on: false });
  const [typed, setTyped] = useState('');

  const report = (raw: string) => {
    const text = raw.trim();
    if (!text || live.current.paused) return;
    const now = Date.now();
    if (text === last.current.text && now - last.current.at < REPEAT_MS) return;
    last.current = { text, at: now };
    live.current.onResult(text);
  };

  useEffect(() => {
    if (!want) { setCamera('off'); return; }
    if (typeof navigator === 'undefined' || !navigator.mediaDevices?.getUserMedia) { setCamera('none'); return; }
    let cancelled = false;
    setCamera('starting');
    const reader = new BrowserQRCodeReader(undefined, { delayBetweenScanAttempts: 150, delayBetweenScanSuccess: 600 });
    reader.decodeFromConstraints(
      { audio: false, video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } } },
      video.current!,
      (result) => { if (result && !cancelled) report(result.getText()); },
    ).then((c) => {
      if (cancelled) { c.stop(); return; }
      controls.current = c;
      setCamera('on');
      const track = (video.current?.srcObject as MediaStream | null)?.getVideoTracks()[0];
      const caps = track && typeof track.getCapabilities === 'function' ? (track.getCapabilities() as MediaTrackCapabilities & { torch?: boolean }) : undefined;
      setTorch({ available: !!c.switchTorch && !!caps?.torch, on: false });
    }).catch((e: unknown) => {
      if (cancelled) return;
      const name = (e as { name?: string })?.name;
      setCamera(name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : name === 'NotFoundError' || name === 'OverconstrainedError' ? 'none' : 'failed');
    });
    return () => {
      cancelled = true;
      controls.current?.stop();
      controls.current = null;
      setTorch({ available: false, on: false });
    };
  }, [want]); // `report` reads refs: the camera restarts only when wanted again

  const switchTorch = async () => {
    const next = !torch.on;
    try {
      await controls.current?.switchTorch?.(next);
      setTorch((s) => ({ ...s, on: next }));
    } catch {
      setTorch({ available: false, on: false });
    }
  };

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const text = typed.trim();
    if (!text || paused) return;
    // A typed code is always reported, even the same one again: the guard pressed the button.
    last.current = { text, at: Date.now() };
    onResult(text);
    setTyped('');
  };

  const problem = camera === 'denied' ? t('gate.scanner.denied') : camera === 'none' ? t('gate.scanner.noCamera') : camera === 'failed' ? t('gate.scanner.failed') : null;

  return (
    <div style={{ width: '100%' }} data-testid={testId}>
      {want && camera !== 'none' && camera !== 'denied' && camera !== 'failed' && (
        <div style={{ position: 'relative', width: '100%', aspectRatio: '1 / 1', maxHeight: '60vh', background: '#000', borderRadius: 12, overflow: 'hidden', marginBottom: 12 }}>
          <video ref={video} muted playsInline autoPlay data-testid={`${testId}-video`}
            style={{ width: '100%', height: '100%', objectFit: 'cover', opacity: paused ? 0.4 : 1 }} />
          {/* The aiming square */}
          <div aria-hidden style={{ position: 'absolute', inset: '15%', border: '3px solid rgba(255,255,255,0.85)', borderRadius: 12, boxShadow: '0 0 0 9999px rgba(0,0,0,0.25)' }} />
          <div style={{ position: 'absolute', left: 0, right: 0, bottom: 8, textAlign: 'center', color: '#fff', fontSize: 15, textShadow: '0 1px 2px #000' }}>
            {camera === 'starting' ? t('gate.scanner.starting') : paused ? t('gate.scanner.paused') : t('gate.scanner.aim')}
          </div>
          <Space style={{ position: 'absolute', top: 8, right: 8 }}>
            {torch.available && (
              <Button shape="circle" size="large" aria-label={t('gate.scanner.torch')} onClick={switchTorch} data-testid={`${testId}-torch`}
                icon={torch.on ? <BulbFilled style={{ color: '#faad14' }} /> : <BulbOutlined />} />
            )}
            <Button shape="circle" size="large" aria-label={t('gate.scanner.stop')} onClick={() => setWant(false)} icon={<StopOutlined />} />
          </Space>
        </div>
      )}
      {problem && <Alert type="warning" showIcon title={problem} style={{ marginBottom: 12 }} data-testid={`${testId}-problem`} />}
      {!want && (
        <Button block size="large" icon={<CameraOutlined />} onClick={() => setWant(true)} style={{ marginBottom: 12, height: 52 }} data-testid={`${testId}-camera`}>
          {t('gate.scanner.startCamera')}
        </Button>
      )}
      <form onSubmit={submit}>
        <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 4 }}>{t('gate.scanner.typeHint')}</Typography.Text>
        <Space.Compact style={{ width: '100%' }}>
          <Input size="large" value={typed} maxLength={200} inputMode="text" autoCapitalize="characters" autoComplete="off" spellCheck={false}
            placeholder={placeholder ?? t('gate.scanner.typePlaceholder')} data-testid={`${testId}-input`}
            onChange={(e) => setTyped(upperCase ? e.target.value.toUpperCase() : e.target.value)}
            style={{ fontSize: 24, letterSpacing: upperCase ? 4 : undefined, height: 56, fontFamily: 'ui-monospace, Menlo, Consolas, monospace' }} />
          <Button type="primary" size="large" htmlType="submit" icon={<CheckOutlined />} disabled={!typed.trim() || paused}
            style={{ height: 56, minWidth: 88 }} data-testid={`${testId}-submit`}>
            {t('gate.scanner.submit')}
          </Button>
        </Space.Compact>
      </form>
    </div>
  );
}

export default QrScanner;
