import { useEffect, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, InputNumber, Typography } from 'antd';
import type { AssetsSettings } from '../../../contracts/assets';
import type { SettingsView } from '../../../contracts/settings';
import { api, ApiError } from '../../api/client';
import { assetKeys, useAssetsSettings, yuan } from '../../api/assets';
import { useCan, useCurrentUser } from '../../app/auth';
import { useI18n } from '../../app/i18n';

interface Values { thresholdYuan: number; codePattern: string }

/** The register's school settings: the capitalisation threshold (固定资产起点) and the code pattern. */
export function AssetsSettingsCard() {
  const { t } = useI18n();
  const can = useCan();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const q = useAssetsSettings();
  const writable = can('assets.settings.write') && me.schoolKind === 'school';
  useEffect(() => { if (q.data) form.setFieldsValue({ thresholdYuan: q.data.values.capitalisationThresholdFen / 100, codePattern: q.data.values.codePattern }); }, [q.data, form]);
  const save = useMutation({
    mutationFn: (body: { values: Partial<AssetsSettings>; version: number }) => api<SettingsView<AssetsSettings>>('/settings/assets', { method: 'PATCH', body }),
    onSuccess: (s) => qc.setQueryData(assetKeys.settings, s),
  });
  if (!q.data) return null;
  const submit = async (v: Values) => {
    setError(null);
    try {
      await save.mutateAsync({ values: { capitalisationThresholdFen: Math.round(v.thresholdYuan * 100), codePattern: v.codePattern.trim() }, version: q.data!.version });
      message.success(t('common.saved'));
    } catch (e) {
      setError(e instanceof ApiError ? [e.message, ...e.fields.map((f) => f.message)].join('；') : String(e));
    }
  };
  return (
    <Card size="small" title={t('assets.settingsWeb.title')} style={{ marginBottom: 16 }} data-testid="assets-settings">
      {!writable ? (
        <Typography.Text>{t('assets.settingsWeb.threshold')}：¥{yuan(q.settings.capitalisationThresholdFen)} · {t('assets.settingsWeb.pattern')}：{q.settings.codePattern}</Typography.Text>
      ) : (
        <Form form={form} layout="vertical" onFinish={submit}>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16 }}>
            <Form.Item name="thresholdYuan" label={t('assets.settingsWeb.threshold')} extra={t('assets.settingsWeb.thresholdHelp')} rules={[{ required: true }]} style={{ flex: '1 1 220px' }}>
              <InputNumber min={0} max={100_000} precision={2} prefix="¥" style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="codePattern" label={t('assets.settingsWeb.pattern')} extra={t('assets.settingsWeb.patternHelp')} rules={[{ required: true }]} style={{ flex: '1 1 220px' }}>
              <Input maxLength={40} />
            </Form.Item>
          </div>
          <Button type="primary" htmlType="submit" loading={save.isPending}>{t('common.save')}</Button>
        </Form>
      )}
    </Card>
  );
}
