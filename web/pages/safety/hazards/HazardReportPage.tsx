import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Form, Input, Result } from 'antd';
import { CheckCircleFilled, FileSearchOutlined, PlusOutlined } from '@ant-design/icons';
import { SEVERITIES, type RectificationDetail, type Severity } from '../../../../contracts/inspections';
import { HAZARD_KINDS, ReportHazardInput, type HazardKind } from '../../../../contracts/safetyHazards';
import { useReportHazard } from '../../../api/hazards';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { PhotoUpload } from '../../../components/files/PhotoUpload';
import { LocationTreeSelect } from '../../../components/refs';
import { applyServerErrors, issueMessage, useZodLocale } from '../../../components/resource/formKit';
import { useIsPhone } from '../../../components/useIsPhone';
import { SEVERITY_COLORS } from './shared';

interface Values { locationId?: number | null; zone?: string; kind?: HazardKind; severity: Severity; description?: string; photoIds: string[] }
const NAMES = ['locationId', 'zone', 'kind', 'severity', 'description', 'photoIds'];
const SEVERITY_HEX: Record<Severity, string> = { low: '#595959', medium: '#1677ff', high: '#d46b08', critical: '#cf1322' };

/** Big tappable buttons: one per hazard kind. */
function KindPicker({ value, onChange, id }: { value?: HazardKind; onChange?: (v: HazardKind) => void; id?: string }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  return (
    <div id={id} role="radiogroup" style={{ display: 'grid', gridTemplateColumns: `repeat(${phone ? 4 : 8}, minmax(0, 1fr))`, gap: 8 }}>
      {HAZARD_KINDS.map((k) => {
        const on = value === k;
        const label = t(`hazards.kind.${k}`);
        return (
          <Button key={k} role="radio" aria-checked={on} type={on ? 'primary' : 'default'} onClick={() => onChange?.(k)} data-testid={`hazard-kind-${k}`}
            autoInsertSpace={false} style={{ height: 52, padding: '0 4px', fontSize: label.length > 3 ? 13 : 16, fontWeight: on ? 600 : 400, whiteSpace: 'normal', lineHeight: 1.15 }}>
            {label}
          </Button>
        );
      })}
    </div>
  );
}

function SeverityPicker({ value, onChange, id }: { value?: Severity; onChange?: (v: Severity) => void; id?: string }) {
  const { t } = useI18n();
  return (
    <div id={id} role="radiogroup" style={{ display: 'grid', gridTemplateColumns: 'repeat(4, minmax(0, 1fr))', gap: 8 }}>
      {SEVERITIES.map((s) => {
        const on = value === s;
        return (
          <Button key={s} role="radio" aria-checked={on} onClick={() => onChange?.(s)} data-testid={`hazard-severity-${s}`} data-color={SEVERITY_COLORS[s]}
            style={{ height: 48, borderColor: on ? SEVERITY_HEX[s] : undefined, color: on ? '#fff' : SEVERITY_HEX[s], background: on ? SEVERITY_HEX[s] : undefined, fontWeight: on ? 600 : 400 }}>
            {t(`inspections.severity.${s}`)}
          </Button>
        );
      })}
    </div>
  );
}

/** The location tree picker (searchable by room name or code), as a form field. */
function LocationField({ value, onChange, id, placeholder }: { value?: number | null; onChange?: (v: number | null) => void; id?: string; placeholder: string }) {
  return (
    <div data-testid="hazard-location">
      <LocationTreeSelect id={id} value={value ?? null} onChange={(v) => onChange?.(v)} placeholder={placeholder} style={{ width: '100%' }} />
    </div>
  );
}

/** After reporting: where to follow it. */
function Reported({ r, onAnother }: { r: RectificationDetail; onAnother: () => void }) {
  const { t } = useI18n();
  return (
    <Card data-testid="hazard-reported">
      <Result icon={<CheckCircleFilled style={{ color: '#0f6e5a' }} />} title={t('hazards.web.report.done')} subTitle={r.title}
        extra={[
          <Link key="open" to={`/safety/hazards/${r.id}`} data-testid="hazard-open-reported"><Button type="primary" size="large" icon={<FileSearchOutlined />}>{t('hazards.web.report.view')}</Button></Link>,
          <Button key="again" size="large" icon={<PlusOutlined />} onClick={onAnother} data-testid="hazard-report-again">{t('hazards.web.report.another')}</Button>,
        ]} />
    </Card>
  );
}

/** 隐患上报: anyone, on a phone, at the spot — place, kind, how serious, what, a photo from the camera. */
export default function HazardReportPage() {
  const { t, locale } = useI18n();
  useZodLocale(locale);
  const phone = useIsPhone();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const report = useReportHazard();
  const [done, setDone] = useState<RectificationDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const loc = Number(params.get('locationId'));
    if (loc > 0) form.setFieldsValue({ locationId: loc });
  }, [params, form]);

  const submit = async (v: Values) => {
    setError(null);
    const body = { locationId: v.locationId ?? null, zone: v.locationId ? null : v.zone?.trim() || null, kind: v.kind, severity: v.severity, description: v.description ?? '', photoIds: v.photoIds ?? [] };
    const parsed = ReportHazardInput.safeParse(body);
    if (!parsed.success) {
      form.setFields(parsed.error.issues.map((i) => ({
        name: String(i.path[0]) as keyof Values,
        errors: [i.path[0] === 'locationId' ? t('errors.hazards.placeRequired') : i.path[0] === 'kind' ? t('hazards.web.report.kindRequired') : issueMessage(i, t)],
      })));
      setError(t('form.invalid'));
      return;
    }
    try {
      const r = await report.mutateAsync(parsed.data);
      message.success(t('hazards.web.report.done'));
      setDone(r);
      window.scrollTo({ top: 0 });
    } catch (e) {
      const rest = applyServerErrors(form as never, e, NAMES);
      setError(rest.length ? rest.join('；') : (e as Error).message);
    }
  };

  return (
    <div data-testid="page-hazard-report" style={{ maxWidth: 720, margin: '0 auto' }}>
      <PageHeader title={t('hazards.web.report.title')} />
      {done ? <Reported r={done} onAnother={() => { setDone(null); form.resetFields(); }} /> : (
        <Card styles={{ body: { padding: phone ? 12 : 20 } }}>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="form-error" />}
          <Form form={form} layout="vertical" onFinish={submit} initialValues={{ severity: 'medium', photoIds: [] }} requiredMark={false} data-testid="hazard-form">
            <Form.Item name="photoIds" label={<strong>{t('hazards.web.report.photos')}</strong>} extra={t('hazards.web.report.photosHint')}>
              <PhotoUpload max={6} />
            </Form.Item>
            <Form.Item name="locationId" label={<strong>{t('hazards.web.report.location')}</strong>}>
              <LocationField placeholder={t('hazards.web.report.locationPlaceholder')} />
            </Form.Item>
            <Form.Item name="zone" label={t('hazards.web.report.zone')} extra={t('hazards.web.report.zoneHint')}>
              <Input size="large" maxLength={60} data-testid="hazard-zone" />
            </Form.Item>
            <Form.Item name="kind" label={<strong>{t('hazards.web.report.kind')}</strong>}>
              <KindPicker />
            </Form.Item>
            <Form.Item name="severity" label={<strong>{t('hazards.web.report.severity')}</strong>}>
              <SeverityPicker />
            </Form.Item>
            <Form.Item name="description" label={<strong>{t('hazards.web.report.description')}</strong>}>
              <Input.TextArea rows={3} maxLength={2000} showCount placeholder={t('hazards.web.report.descriptionHint')} data-testid="hazard-description" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={report.isPending} data-testid="hazard-submit" style={{ height: 48, fontSize: 17 }}>
              {t('hazards.web.report.submit')}
            </Button>
          </Form>
        </Card>
      )}
    </div>
  );
}
