import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { Button, Descriptions, Result, Skeleton, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import type { PassStatus, PublicPass } from '../../../../contracts/safetyGate';
import { usePublicPass } from '../../../api/gate';
import { useI18n } from '../../../app/i18n';
import { PassQr, CodeText } from './PassQr';
import { klass } from './shared';

/** Each status in a colour a guard reads from a metre away: green may go, blue not yet, orange/cyan done, grey/red void. */
const TONE: Record<PassStatus, { bg: string; fg: string }> = {
  valid: { bg: '#389e0d', fg: '#fff' },
  pending: { bg: '#0958d9', fg: '#fff' },
  out: { bg: '#d46b08', fg: '#fff' },
  returned: { bg: '#08979c', fg: '#fff' },
  expired: { bg: '#8c8c8c', fg: '#fff' },
  cancelled: { bg: '#cf1322', fg: '#fff' },
};

/** A time as the school reads it (the guardian's phone may be set to another zone). */
function schoolTime(iso: string, tz: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: tz, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

function Body({ p }: { p: PublicPass }) {
  const { t, locale } = useI18n();
  const [width, setWidth] = useState(() => window.innerWidth);
  useEffect(() => {
    const on = () => setWidth(window.innerWidth);
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  const side = Math.max(160, Math.min(width - 64, 320));
  const usable = p.status === 'valid' || p.status === 'pending';
  const tone = TONE[p.status];
  const at = (iso: string) => schoolTime(iso, p.timezone, locale);
  return (
    <>
      <div style={{ textAlign: 'center', color: '#595959', fontSize: 15 }} data-testid="public-pass-school">{p.schoolName}</div>
      <div style={{ textAlign: 'center', fontSize: 22, fontWeight: 700, margin: '4px 0 10px' }}>{t('gate.publicPass.title')}</div>
      <div style={{ background: tone.bg, color: tone.fg, borderRadius: 10, padding: '10px 12px', textAlign: 'center', fontSize: 20, fontWeight: 700 }}
        data-testid="public-pass-status" data-status={p.status}>
        {t(`gate.publicPass.status.${p.status}`)}
      </div>
      <div style={{ textAlign: 'center', fontSize: 30, fontWeight: 700, marginTop: 14 }} data-testid="public-pass-student">{p.studentName}</div>
      <div style={{ textAlign: 'center', fontSize: 16, marginBottom: 12 }}>{klass(t, p.grade, p.className)}</div>
      {usable ? (
        <div style={{ opacity: p.status === 'pending' ? 0.85 : 1 }}>
          <PassQr code={p.code} size={side} />
          <CodeText code={p.code} size={Math.min(44, Math.floor(width / 9))} />
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center', margin: '6px 0 12px' }}>{t('gate.publicPass.show')}</Typography.Paragraph>
        </div>
      ) : (
        <div style={{ color: '#8c8c8c', textDecoration: p.status === 'cancelled' || p.status === 'expired' ? 'line-through' : undefined }}><CodeText code={p.code} size={26} /></div>
      )}
      <Descriptions column={1} size="small" bordered style={{ marginTop: 12 }} items={[
        { key: 'reason', label: t('gate.publicPass.reason'), children: p.reason },
        { key: 'validity', label: t('gate.publicPass.validity'), children: <span data-testid="public-pass-validity">{at(p.validFrom)} – {at(p.validUntil)}</span> },
      ]} />
    </>
  );
}

/**
 * The guardian's page of an exit pass 出门条 (no login, outside the app's shell): the QR code and the
 * code to show at the gate, the student (given name partly masked), the validity and the live status,
 * fetched again every 30 seconds. Its address holds the pass's random share key, never the code.
 */
export default function PublicPassPage() {
  const { t, locale, setLocale } = useI18n();
  const { token = '' } = useParams();
  const q = usePublicPass(token);
  const p = q.data;
  return (
    <div style={{ maxWidth: 480, margin: '0 auto', padding: '12px 16px 24px', boxSizing: 'border-box' }} data-testid="public-pass">
      <div style={{ textAlign: 'right' }}>
        <Button type="link" size="small" onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')} data-testid="public-pass-locale">
          {locale === 'zh-CN' ? 'English' : '中文'}
        </Button>
      </div>
      {q.isPending && <Skeleton active />}
      {q.isError && !p && (
        <Result status="404" title={t('gate.publicPass.notFound')} subTitle={t('gate.publicPass.notFoundHint')} data-testid="public-pass-missing" />
      )}
      {p && <Body p={p} />}
      {p && (
        <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8, marginTop: 12, flexWrap: 'wrap' }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="public-pass-updated">
            {t('gate.publicPass.updated', { at: schoolTime(p.at, p.timezone, locale) })}
          </Typography.Text>
          <Button icon={<ReloadOutlined />} onClick={() => void q.refetch()} loading={q.isFetching}>{t('gate.publicPass.refresh')}</Button>
        </div>
      )}
      <Typography.Paragraph type="secondary" style={{ textAlign: 'center', fontSize: 12, marginTop: 16 }}>{t('gate.publicPass.footer')}</Typography.Paragraph>
    </div>
  );
}
