import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, InputNumber, Skeleton, Typography } from 'antd';
import { FilesSettings } from '../../../contracts/files';
import type { SettingsView } from '../../../contracts/settings';
import { api, ApiError } from '../../api/client';
import { useCan, useCurrentUser } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { applyServerErrors } from '../../components/resource/formKit';

const KEY = ['settings', 'files'];
const { min, max } = { min: FilesSettings.shape.maxUploadMb.minValue ?? 1, max: FilesSettings.shape.maxUploadMb.maxValue ?? 50 };

/** The school's upload limit: leaders change it, everyone else sees it. */
export function FilesSettingsCard() {
  const { t } = useI18n();
  const can = useCan();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<FilesSettings>();
  const [error, setError] = useState<{ text: string; conflict: boolean } | null>(null);
  const readable = can('settings.read');
  const writable = can('settings.write') && me.schoolKind === 'school';
  const settings = useQuery({ queryKey: KEY, queryFn: () => api<SettingsView<FilesSettings>>('/settings/files'), enabled: readable });

  useEffect(() => { if (settings.data) form.setFieldsValue(settings.data.values); }, [settings.data, form]);

  const save = useMutation({
    mutationFn: (body: { values: Partial<FilesSettings>; version: number }) => api<SettingsView<FilesSettings>>('/settings/files', { method: 'PATCH', body }),
    onSuccess: (s) => qc.setQueryData(KEY, s),
  });

  if (!readable) return null;
  if (settings.isError) return <Alert type="error" showIcon title={(settings.error as Error).message} />;

  const submit = async (values: FilesSettings) => {
    if (!settings.data) return;
    setError(null);
    try {
      await save.mutateAsync({ values, version: settings.data.version });
      message.success(t('common.saved'));
    } catch (e) {
      const rest = applyServerErrors(form, e, ['maxUploadMb']);
      const conflict = e instanceof ApiError && e.code === 'conflict';
      if (conflict || rest.length || !(e instanceof ApiError) || !e.fields.length) setError({ text: e instanceof ApiError ? e.message : String(e), conflict });
    }
  };

  return (
    <Card size="small" title={t('files.settings.title')} style={{ maxWidth: 860, marginTop: 16 }} data-testid="files-settings">
      {!settings.data ? <Skeleton active /> : !writable ? (
        <Typography.Text>{t('fields.maxUploadMb')}：{settings.data.values.maxUploadMb} MB</Typography.Text>
      ) : (
        <>
          {error && (
            <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error.conflict ? t('form.conflict') : error.text}
              action={error.conflict ? <Button size="small" onClick={() => { setError(null); void settings.refetch(); }}>{t('form.reloadLatest')}</Button> : undefined} />
          )}
          <Form form={form} layout="vertical" onFinish={submit} data-testid="files-settings-form">
            <Form.Item name="maxUploadMb" label={t('fields.maxUploadMb')} extra={t('files.settings.maxUploadMbHelp')} rules={[{ required: true, type: 'integer', min, max }]}>
              <InputNumber min={min} max={max} precision={0} suffix="MB" style={{ width: 180 }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="files-settings-submit">{t('common.save')}</Button>
          </Form>
        </>
      )}
    </Card>
  );
}
