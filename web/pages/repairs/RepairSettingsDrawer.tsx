import { useEffect, useState } from 'react';
import { Alert, App, Button, Drawer, Form, Input, InputNumber, Space, Switch, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { RepairSettings } from '../../../contracts/repairs';
import { api, ApiError } from '../../api/client';
import { repairKeys, useRepairSettings } from '../../api/repairs';
import { useI18n } from '../../app/i18n';
import { issueMessage, useZodLocale } from '../../components/resource/formKit';
import { useIsPhone } from '../../components/useIsPhone';

/** The school's repair settings: categories (names in both languages), time limits, auto-close and reopen windows. */
export function RepairSettingsDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, locale } = useI18n();
  useZodLocale(locale);
  const phone = useIsPhone();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const current = useRepairSettings();
  const [form] = Form.useForm<RepairSettings>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.setFieldsValue(current.settings);
  }, [open, current.settings, form]);

  const submit = async (v: RepairSettings) => {
    setError(null);
    const parsed = RepairSettings.safeParse(v);
    if (!parsed.success) {
      setError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${issueMessage(i, t)}`).join('；'));
      return;
    }
    setBusy(true);
    try {
      await api('/settings/repairs', { method: 'PATCH', body: { values: parsed.data, version: current.data?.version } });
      await qc.invalidateQueries({ queryKey: repairKeys.settings });
      message.success(t('common.saved'));
      onClose();
    } catch (e) {
      setError(e instanceof ApiError ? (e.status === 409 ? t('form.conflict') : [e.message, ...e.fields.map((f) => f.message)].join('；')) : String(e));
    } finally {
      setBusy(false);
    }
  };

  const hours = (name: (string | number)[], label: string) => (
    <Form.Item name={name} label={label} style={{ marginBottom: 8 }} rules={[{ required: true, message: t('form.required') }]}>
      <InputNumber min={0.25} max={8760} step={1} suffix={t('repairs.complete.hoursUnit')} style={{ width: 130 }} />
    </Form.Item>
  );

  return (
    <Drawer open={open} onClose={onClose} title={t('repairs.settings.title')} size={phone ? '100%' : 560} destroyOnHidden mask={{ closable: false }}
      footer={(
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="repair-settings-save">{t('common.save')}</Button>
        </Space>
      )}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} data-testid="repair-settings-form">
        <Typography.Title level={5} style={{ marginTop: 0 }}>{t('repairs.settings.limits')}</Typography.Title>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('repairs.settings.limitsHint')}</Typography.Paragraph>
        {(['urgent', 'normal'] as const).map((u) => (
          <div key={u} style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'flex-end' }}>
            <Typography.Text strong style={{ width: 48, paddingBottom: 14 }}>{t(`enums.urgency.${u}`)}</Typography.Text>
            {hours(['limits', u, 'responseHours'], t('repairs.settings.responseHours'))}
            {hours(['limits', u, 'doneHours'], t('repairs.settings.doneHours'))}
          </div>
        ))}
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, marginTop: 8 }}>
          <Form.Item name="autoCloseDays" label={t('repairs.settings.autoCloseDays')} rules={[{ required: true, message: t('form.required') }]}>
            <InputNumber min={1} max={60} suffix={t('repairs.settings.daysUnit')} style={{ width: 130 }} />
          </Form.Item>
          <Form.Item name="reopenDays" label={t('repairs.settings.reopenDays')} rules={[{ required: true, message: t('form.required') }]}>
            <InputNumber min={1} max={60} suffix={t('repairs.settings.daysUnit')} style={{ width: 130 }} />
          </Form.Item>
        </div>
        <Typography.Title level={5}>{t('repairs.settings.categories')}</Typography.Title>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('repairs.settings.categoriesHint')}</Typography.Paragraph>
        <Form.List name="categories">
          {(fields, { add }) => (
            <div style={{ display: 'grid', gap: 6 }}>
              <div style={{ display: 'grid', gridTemplateColumns: '88px minmax(0,1fr) minmax(0,1fr) 52px', gap: 6, fontSize: 12, color: '#8c8c8c' }}>
                <span>{t('repairs.settings.code')}</span><span>{t('repairs.settings.nameZh')}</span><span>{t('repairs.settings.nameEn')}</span><span>{t('common.active')}</span>
              </div>
              {fields.map((f) => {
                // Codes of saved categories stay: orders refer to them.
                const saved = f.name < current.settings.categories.length;
                return (
                  <div key={f.key} style={{ display: 'grid', gridTemplateColumns: '88px minmax(0,1fr) minmax(0,1fr) 52px', gap: 6, alignItems: 'center' }}>
                    <Form.Item name={[f.name, 'code']} style={{ margin: 0 }}><Input disabled={saved} placeholder="code" /></Form.Item>
                    <Form.Item name={[f.name, 'zh']} style={{ margin: 0 }}><Input maxLength={40} /></Form.Item>
                    <Form.Item name={[f.name, 'en']} style={{ margin: 0 }}><Input maxLength={60} /></Form.Item>
                    <Form.Item name={[f.name, 'active']} valuePropName="checked" style={{ margin: 0 }}><Switch size="small" /></Form.Item>
                  </div>
                );
              })}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ code: '', zh: '', en: '', active: true })}>{t('repairs.settings.addCategory')}</Button>
            </div>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
