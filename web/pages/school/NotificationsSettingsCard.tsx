import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Radio, Skeleton, Typography } from 'antd';
import { WEBHOOK_HOSTS, type NotificationsSettings, type SettingsView, type WebhookKind } from '../../../contracts/settings';
import { api, ApiError } from '../../api/client';
import { useCan, useCurrentUser } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { applyServerErrors } from '../../components/resource/formKit';

const KEY = ['settings', 'notifications'];
/** The server sends every group message with the prefix 【后勤】 (always zh-CN): a DingTalk robot's keyword. */
const DINGTALK_KEYWORD = '后勤';
const PLACEHOLDERS: Record<WebhookKind, string> = {
  wecom: `https://${WEBHOOK_HOSTS.wecom}/cgi-bin/webhook/send?key=…`,
  dingtalk: `https://${WEBHOOK_HOSTS.dingtalk}/robot/send?access_token=…`,
};
const KIND_LABEL = { none: 'settings.notifications.kindNone', wecom: 'settings.notifications.kindWecom', dingtalk: 'settings.notifications.kindDingtalk' } as const;

/** The form's values: "none" stands for no robot (a radio cannot hold null). */
interface Draft { webhookKind: WebhookKind | 'none'; webhookUrl?: string }
const draftOf = (v: NotificationsSettings): Draft => ({ webhookKind: v.webhookKind ?? 'none', webhookUrl: v.webhookUrl ?? '' });

/** Where group-robot messages go: only leaders see it (the URL holds the robot's key) and change it. */
export function NotificationsSettingsCard() {
  const { t } = useI18n();
  const can = useCan();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Draft>();
  const kind = Form.useWatch('webhookKind', form) ?? 'none';
  const [error, setError] = useState<{ text: string; conflict: boolean } | null>(null);
  const readable = can('settings.secret.read');
  const writable = can('settings.write') && me.schoolKind === 'school';
  const settings = useQuery({ queryKey: KEY, queryFn: () => api<SettingsView<NotificationsSettings>>('/settings/notifications'), enabled: readable });

  useEffect(() => { if (settings.data && writable) form.setFieldsValue(draftOf(settings.data.values)); }, [settings.data, writable, form]);

  const save = useMutation({
    mutationFn: (body: { values: NotificationsSettings; version: number }) => api<SettingsView<NotificationsSettings>>('/settings/notifications', { method: 'PATCH', body }),
    onSuccess: (s) => qc.setQueryData(KEY, s),
  });

  if (!readable) return null;
  if (settings.isError) return <Alert type="error" showIcon title={(settings.error as Error).message} />;

  const submit = async (d: Draft) => {
    if (!settings.data) return;
    setError(null);
    const values: NotificationsSettings = d.webhookKind === 'none'
      ? { webhookKind: null, webhookUrl: null }
      : { webhookKind: d.webhookKind, webhookUrl: d.webhookUrl?.trim() || null };
    try {
      await save.mutateAsync({ values, version: settings.data.version });
      message.success(t('common.saved'));
    } catch (e) {
      const rest = applyServerErrors(form, e, ['webhookKind', 'webhookUrl']);
      const conflict = e instanceof ApiError && e.code === 'conflict';
      if (conflict || rest.length || !(e instanceof ApiError) || !e.fields.length) setError({ text: rest.length ? rest.join(' ') : e instanceof ApiError ? e.message : String(e), conflict });
    }
  };

  const help = <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>{t('settings.notifications.help', { keyword: DINGTALK_KEYWORD })}</Typography.Paragraph>;
  const current = settings.data?.values;

  return (
    <Card size="small" title={t('settings.notifications.title')} style={{ maxWidth: 860, marginTop: 16 }} data-testid="notifications-settings">
      {!current ? <Skeleton active /> : !writable ? (
        current.webhookKind ? (
          <Typography.Text>{t(KIND_LABEL[current.webhookKind])}：{t('settings.notifications.urlSet')}</Typography.Text>
        ) : <Typography.Text type="secondary">{t('settings.notifications.off')}</Typography.Text>
      ) : (
        <>
          {help}
          {error && (
            <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error.conflict ? t('form.conflict') : error.text}
              action={error.conflict ? <Button size="small" onClick={() => { setError(null); void settings.refetch(); }}>{t('form.reloadLatest')}</Button> : undefined} />
          )}
          <Form form={form} layout="vertical" onFinish={submit} data-testid="notifications-settings-form">
            <Form.Item name="webhookKind" label={t('fields.webhookKind')}>
              <Radio.Group data-testid="webhook-kind"
                onChange={() => form.setFields([{ name: 'webhookUrl', errors: [] }])}
                options={(['none', 'wecom', 'dingtalk'] as const).map((k) => ({ value: k, label: t(KIND_LABEL[k]) }))} />
            </Form.Item>
            {kind === 'none' ? (
              <Typography.Paragraph type="secondary">{t('settings.notifications.off')}</Typography.Paragraph>
            ) : (
              <Form.Item name="webhookUrl" label={t('fields.webhookUrl')} extra={t('settings.notifications.urlHelp')}
                rules={[{ required: true, whitespace: true, message: t('errors.settings.webhookUrlRequired') }, { type: 'url', message: t('errors.settings.webhookHost', { host: WEBHOOK_HOSTS[kind] }) }]}>
                <Input placeholder={PLACEHOLDERS[kind]} autoComplete="off" spellCheck={false} maxLength={500} inputMode="url" data-testid="webhook-url" />
              </Form.Item>
            )}
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="notifications-settings-submit">{t('common.save')}</Button>
          </Form>
        </>
      )}
    </Card>
  );
}
