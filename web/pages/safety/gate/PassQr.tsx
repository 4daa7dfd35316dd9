import { useEffect, useState } from 'react';
import QRCode from 'qrcode';

/** A pass's QR code (it holds the code itself), drawn in the browser: the head teacher's view and the guardian's page. */
export function PassQr({ code, size }: { code: string; size: number }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(code, { errorCorrectionLevel: 'M', margin: 2, width: size * 2 }).then((url) => { if (live) setSrc(url); }, () => setSrc(null));
    return () => { live = false; };
  }, [code, size]);
  return src ? <img src={src} alt={code} width={size} height={size} style={{ imageRendering: 'pixelated', display: 'block', margin: '0 auto' }} data-testid="pass-qr" /> : <div style={{ width: size, height: size, margin: '0 auto' }} />;
}

/** The code in large type, spaced for reading aloud at the gate. */
export function CodeText({ code, size = 40 }: { code: string; size?: number }) {
  return <div style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace', fontSize: size, fontWeight: 700, letterSpacing: size / 5, textAlign: 'center' }} data-testid="pass-code">{code}</div>;
}
