import { useEffect, useState } from 'react';
import { Alert, App, Button, Drawer, Form, InputNumber, Typography } from 'antd';
import { SafetyRecordsSettings } from '../../../../contracts/safetyRecords';
import { api } from '../../../api/client';
import { useInvalidateSafety, useRecordsSettings } from '../../../api/safetyRecords';
import { useI18n } from '../../../app/i18n';
import { useIsPhone } from '../../../components/useIsPhone';
import { checkBody, serverErrors } from './pickers';

const FIELDS = [
  ['evacuationTargetSeconds', 30, 1800],
  ['schoolMonthMinDays', 1, 31],
  ['meetingsPerTerm', 0, 20],
  ['classSessionsPerMonth', 0, 10],
] as const;

/** The school's safety-record rules (settings module `safetyRecords`): evacuation target, school months, meetings, class sessions. */
export function RulesDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const { message } = App.useApp();
  const current = useRecordsSettings();
  const invalidate = useInvalidateSafety();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { if (open) form.setFieldsValue(current.settings); }, [open, current.settings, form]);
  const submit = async (v: Record<string, number>) => {
    setError(null);
    const values = checkBody(SafetyRecordsSettings, v, form, t);
    if (!values) return;
    setBusy(true);
    try {
      await api('/settings/safetyRecords', { method: 'PATCH', body: { values, version: current.data?.version } });
      await Promise.all([current.refetch(), invalidate()]);
      message.success(t('common.saved'));
      onClose();
    } catch (e) {
      setError(serverErrors(form, e, FIELDS.map(([k]) => k)));
    } finally { setBusy(false); }
  };
  return (
    <Drawer open={open} onClose={onClose} title={t('safety.rules.title')} size={phone ? '100%' : 460} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('safety.rules.sub')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} data-testid="rules-form">
        {FIELDS.map(([k, min, max]) => (
          <Form.Item key={k} name={k} label={t(`safety.rules.${k}`)} extra={t(`safety.rules.${k}Hint`)} rules={[{ required: true, message: t('form.required') }]}>
            <InputNumber size="large" min={min} max={max} style={{ width: 160 }} />
          </Form.Item>
        ))}
        <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="rules-save">{t('common.save')}</Button>
      </Form>
    </Drawer>
  );
}
