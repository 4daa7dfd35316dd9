import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Skeleton } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { CreateDrillInput, UpdateDrillInput, type SafetyKind } from '../../../../contracts/safetyRecords';
import { useCreateDrill, useDrill, useRecordsSettings, useUpdateDrill } from '../../../api/safetyRecords';
import { useCurrentUser } from '../../../app/auth';
import { useI18n } from '../../../app/i18n';
import { PageHeader } from '../../../components/PageHeader';
import { PhotoUpload } from '../../../components/files/PhotoUpload';
import { useZodLocale } from '../../../components/resource/formKit';
import { useIsPhone } from '../../../components/useIsPhone';
import { ClassesSelect, KindPicker, PlanSelect, UserSelect, checkBody, serverErrors } from './pickers';
import { fmtSeconds } from './shared';

interface Values {
  heldOn?: Dayjs; scenario?: SafetyKind; planId?: number | null; organiserId?: number | null; participantCount?: number; classIds?: number[];
  evacuationSeconds?: number | null; problems?: string; review?: string; photoIds?: string[];
}
const NAMES = ['heldOn', 'scenario', 'planId', 'organiserId', 'participantCount', 'classIds', 'evacuationSeconds', 'problems', 'review', 'photoIds'];

/** 演练记录: a new drill, or the correction of one (`/safety/drills/:id/edit`). */
export default function DrillFormPage() {
  const { t, locale } = useI18n();
  useZodLocale(locale);
  const phone = useIsPhone();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const id = Number(useParams().id) || null;
  const existing = useDrill(id);
  const create = useCreateDrill();
  const update = useUpdateDrill(id ?? 0);
  const { settings } = useRecordsSettings();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const scenario = Form.useWatch('scenario', form);
  const seconds = Form.useWatch('evacuationSeconds', form);

  useEffect(() => {
    const d = existing.data;
    if (d) form.setFieldsValue({ ...d, heldOn: dayjs(d.heldOn), problems: d.problems ?? '', review: d.review ?? '', photoIds: d.photos.map((p) => p.id) });
  }, [existing.data, form]);

  const submit = async (v: Values) => {
    setError(null);
    const body = {
      heldOn: v.heldOn?.format('YYYY-MM-DD'), scenario: v.scenario, planId: v.planId ?? null, organiserId: v.organiserId ?? undefined,
      participantCount: v.participantCount, classIds: v.classIds ?? [], evacuationSeconds: v.evacuationSeconds ?? null,
      problems: v.problems ?? '', review: v.review ?? '', photoIds: v.photoIds ?? [],
    };
    const parsed = id ? checkBody(UpdateDrillInput, { ...body, version: existing.data?.version }, form, t) : checkBody(CreateDrillInput, body, form, t);
    if (!parsed) { setError(t('form.invalid')); return; }
    try {
      const saved = id ? await update.mutateAsync(parsed as UpdateDrillInput) : await create.mutateAsync(parsed as CreateDrillInput);
      message.success(t('common.saved'));
      navigate(`/safety/drills/${saved.id}`, { replace: true });
    } catch (e) {
      setError(serverErrors(form, e, NAMES));
    }
  };

  if (id && !existing.data) return existing.isError ? <Alert type="error" showIcon title={(existing.error as Error).message} /> : <Skeleton active />;
  const big = { size: 'large' as const, style: { width: '100%' } };
  return (
    <div data-testid="page-safety-drill-form" style={{ maxWidth: 760, margin: '0 auto' }}>
      <PageHeader title={t(id ? 'safety.drills.edit' : 'safety.drills.new')} sub={t('safety.drills.formSub', { s: settings.evacuationTargetSeconds })} />
      <Card styles={{ body: { padding: phone ? 12 : 20 } }}>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="form-error" />}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} data-testid="drill-form"
          initialValues={{ heldOn: dayjs(), classIds: [], photoIds: [], organiserId: me.id }}>
          <Form.Item name="heldOn" label={<strong>{t('safety.fields.heldOn')}</strong>} rules={[{ required: true, message: t('form.required') }]}>
            <DatePicker {...big} inputReadOnly disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="drill-date" />
          </Form.Item>
          <Form.Item name="scenario" label={<strong>{t('safety.fields.scenario')}</strong>} rules={[{ required: true, message: t('form.required') }]}>
            <KindPicker />
          </Form.Item>
          <Form.Item name="planId" label={<strong>{t('safety.fields.planId')}</strong>}><PlanSelect kind={scenario} /></Form.Item>
          <Form.Item name="organiserId" label={<strong>{t('safety.fields.organiserId')}</strong>} rules={[{ required: true, message: t('form.required') }]}><UserSelect /></Form.Item>
          <Form.Item name="classIds" label={<strong>{t('safety.fields.classIds')}</strong>}><ClassesSelect /></Form.Item>
          <Form.Item name="participantCount" label={<strong>{t('safety.fields.participantCount')}</strong>} rules={[{ required: true, message: t('form.required') }]}>
            <InputNumber {...big} min={1} max={20000} inputMode="numeric" data-testid="drill-participants" />
          </Form.Item>
          <Form.Item name="evacuationSeconds" label={<strong>{t('safety.fields.evacuationSeconds')}</strong>}
            extra={seconds ? <span style={{ color: seconds > settings.evacuationTargetSeconds ? '#cf1322' : '#389e0d' }} data-testid="drill-seconds-hint">
              {fmtSeconds(seconds, t)} · {seconds > settings.evacuationTargetSeconds ? t('safety.drills.overTarget', { s: settings.evacuationTargetSeconds }) : t('safety.drills.withinTarget')}
            </span> : t('safety.drills.secondsHint')}>
            <InputNumber {...big} min={1} max={7200} inputMode="numeric" data-testid="drill-seconds" />
          </Form.Item>
          <Form.Item name="problems" label={<strong>{t('safety.fields.problems')}</strong>}><Input.TextArea rows={3} maxLength={2000} showCount data-testid="drill-problems" /></Form.Item>
          <Form.Item name="review" label={<strong>{t('safety.fields.review')}</strong>}><Input.TextArea rows={3} maxLength={4000} showCount /></Form.Item>
          <Form.Item name="photoIds" label={<strong>{t('safety.fields.photoIds')}</strong>}><PhotoUpload max={12} camera={false} known={existing.data?.photos} /></Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={create.isPending || update.isPending} style={{ height: 48 }} data-testid="drill-submit">{t('common.save')}</Button>
        </Form>
      </Card>
    </div>
  );
}
