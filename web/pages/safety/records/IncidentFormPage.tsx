import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App, Button, Card, DatePicker, Form, Input, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { CreateIncidentInput, INCIDENT_SEVERITIES, UpdateIncidentInput, type IncidentDetail, type IncidentSeverity } from '../../../../contracts/safetyRecords';
import { useCreateIncident, useUpdateIncident } from '../../../api/safetyRecords';
import { useCan } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { PhotoUpload } from '../../../components/files/PhotoUpload';
import { LocationTreeSelect } from '../../../components/refs';
import { useZodLocale } from '../../../components/resource/formKit';
import { useIsPhone } from '../../../components/useIsPhone';
import { checkBody, serverErrors } from './pickers';
import { SAFETY, SEVERITY_COLORS } from './shared';

interface Values {
  title?: string; occurredAt?: Dayjs; locationId?: number | null; place?: string; description?: string; people?: string;
  severity?: IncidentSeverity; safetyAccident?: boolean; actions?: string; followUp?: string; photoIds?: string[];
}
const NAMES = ['title', 'occurredAt', 'locationId', 'place', 'description', 'people', 'severity', 'safetyAccident', 'actions', 'followUp', 'photoIds'];
const SEVERITY_HEX: Record<IncidentSeverity, string> = { minor: '#595959', moderate: '#d48806', serious: '#d46b08', major: '#cf1322' };

function SeverityPicker({ value, onChange, id }: { value?: IncidentSeverity; onChange?: (v: IncidentSeverity) => void; id?: string }) {
  const { t } = useI18n();
  return (
    <div id={id} role="radiogroup" style={{ display: 'grid', gridTemplateColumns: 'repeat(4, minmax(0, 1fr))', gap: 8 }}>
      {INCIDENT_SEVERITIES.map((s) => {
        const on = value === s;
        return (
          <Button key={s} role="radio" aria-checked={on} onClick={() => onChange?.(s)} data-testid={`severity-${s}`} data-color={SEVERITY_COLORS[s]}
            style={{ height: 48, color: on ? '#fff' : SEVERITY_HEX[s], background: on ? SEVERITY_HEX[s] : undefined, borderColor: SEVERITY_HEX[s] }}>
            {t(`safety.severity.${s}`)}
          </Button>
        );
      })}
    </div>
  );
}

/** The incident form: a new report, or a leader completing one (`existing`). */
export function IncidentForm({ existing, onDone }: { existing?: IncidentDetail; onDone: (saved: IncidentDetail) => void }) {
  const { t, locale } = useI18n();
  useZodLocale(locale);
  const can = useCan();
  const { message } = App.useApp();
  const create = useCreateIncident();
  const update = useUpdateIncident(existing?.id ?? 0);
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const manage = can(SAFETY.incidentsManage);

  useEffect(() => {
    if (existing) {
      form.setFieldsValue({
        ...existing, occurredAt: dayjs(existing.occurredAt), place: existing.place ?? '', people: existing.people ?? '', actions: existing.actions ?? '',
        followUp: existing.followUp ?? '', photoIds: existing.photos.map((p) => p.id),
      });
    }
  }, [existing, form]);

  const submit = async (v: Values) => {
    setError(null);
    const body = {
      title: v.title ?? '', occurredAt: v.occurredAt?.toISOString(), locationId: v.locationId ?? null, place: v.place ?? '', description: v.description ?? '',
      people: v.people ?? '', severity: v.severity, ...(manage ? { safetyAccident: !!v.safetyAccident } : {}), actions: v.actions ?? '', followUp: v.followUp ?? '',
      photoIds: v.photoIds ?? [],
    };
    const parsed = existing ? checkBody(UpdateIncidentInput, { ...body, version: existing.version }, form, t) : checkBody(CreateIncidentInput, body, form, t);
    if (!parsed) { setError(t('form.invalid')); return; }
    try {
      const saved = existing ? await update.mutateAsync(parsed as UpdateIncidentInput) : await create.mutateAsync(parsed as CreateIncidentInput);
      message.success(t('common.saved'));
      onDone(saved);
    } catch (e) {
      setError(serverErrors(form, e, NAMES));
    }
  };

  const big = { size: 'large' as const, style: { width: '100%' } };
  return (
    <>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="form-error" />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} data-testid="incident-form"
        initialValues={{ occurredAt: dayjs(), severity: 'minor', safetyAccident: false, photoIds: [] }}>
        <Form.Item name="title" label={<strong>{t('safety.incidents.what')}</strong>} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <Input size="large" maxLength={100} placeholder={t('safety.incidents.whatPlaceholder')} data-testid="incident-title" />
        </Form.Item>
        <Form.Item name="occurredAt" label={<strong>{t('safety.fields.occurredAt')}</strong>} rules={[{ required: true, message: t('form.required') }]}>
          <DatePicker {...big} showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" inputReadOnly disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="incident-when" />
        </Form.Item>
        <Form.Item name="locationId" label={<strong>{t('safety.fields.locationId')}</strong>}>
          <LocationTreeSelect style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="place" label={t('safety.fields.place')} extra={t('safety.incidents.placeHint')}>
          <Input size="large" maxLength={100} data-testid="incident-place" />
        </Form.Item>
        <Form.Item name="description" label={<strong>{t('safety.fields.description')}</strong>} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <Input.TextArea rows={3} maxLength={4000} showCount data-testid="incident-description" />
        </Form.Item>
        <Form.Item name="people" label={<strong>{t('safety.fields.people')}</strong>} extra={t('safety.incidents.peopleHint')}>
          <Input size="large" maxLength={500} />
        </Form.Item>
        <Form.Item name="severity" label={<strong>{t('safety.fields.severity')}</strong>} rules={[{ required: true, message: t('form.required') }]}>
          <SeverityPicker />
        </Form.Item>
        {manage && (
          <Form.Item name="safetyAccident" valuePropName="checked" label={<strong>{t('safety.fields.safetyAccident')}</strong>} extra={t('safety.incidents.accidentHint')}>
            <Switch checkedChildren={t('common.yes')} unCheckedChildren={t('common.no')} data-testid="incident-accident" />
          </Form.Item>
        )}
        <Form.Item name="actions" label={<strong>{t('safety.fields.actions')}</strong>}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
        <Form.Item name="followUp" label={<strong>{t('safety.fields.followUp')}</strong>}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
        <Form.Item name="photoIds" label={<strong>{t('safety.fields.photoIds')}</strong>}><PhotoUpload max={12} known={existing?.photos} /></Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={create.isPending || update.isPending} style={{ height: 48 }} data-testid="incident-submit">
          {existing ? t('common.save') : t('safety.incidents.submit')}
        </Button>
      </Form>
    </>
  );
}

/** 报告事件: anyone on staff, from a phone, in a minute. */
export default function IncidentFormPage() {
  const { t } = useI18n();
  const phone = useIsPhone();
  const navigate = useNavigate();
  return (
    <div data-testid="page-safety-incident-form" style={{ maxWidth: 720, margin: '0 auto' }}>
      <PageHeader title={t('safety.incidents.new')} sub={phone ? undefined : t('safety.incidents.formSub')} />
      <Card styles={{ body: { padding: phone ? 12 : 20 } }}>
        <IncidentForm onDone={(saved) => navigate(`/safety/incidents/${saved.id}`, { replace: true })} />
      </Card>
    </div>
  );
}
