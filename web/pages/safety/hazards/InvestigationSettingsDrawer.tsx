import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Form, InputNumber, Select, Typography } from 'antd';
import { DEFAULT_HAZARD_SETTINGS, HazardSettings } from '../../../../contracts/safetyHazards';
import { SCHOOL_ROLES } from '../../../../contracts/auth';
import type { SettingsView } from '../../../../contracts/settings';
import { api, ApiError } from '../../../api/client';
import { useI18n } from '../../../app/i18n';
import { RefSelect } from '../../../components/refs';
import { issueMessage } from '../../../components/resource/formKit';
import { useIsPhone } from '../../../components/useIsPhone';

const KEY = ['settings', 'hazards'] as const;
const NAMES = ['investigationDay', 'investigationDueDay', 'investigationRole', 'investigationOwnerId'] as const;

/** The monthly hazard investigation's settings (module `hazards`): the reminder day, the due day, the role or the one person responsible. */
export function InvestigationSettingsDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const current = useQuery({
    queryKey: KEY, enabled: open, retry: false,
    queryFn: ({ signal }) => api<SettingsView<HazardSettings>>('/settings/hazards', { signal }),
  });
  const [form] = Form.useForm<HazardSettings>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { if (open) form.setFieldsValue(current.data?.values ?? DEFAULT_HAZARD_SETTINGS); }, [open, current.data, form]);
  const submit = async (v: HazardSettings) => {
    setError(null);
    const parsed = HazardSettings.safeParse({ ...v, investigationOwnerId: v.investigationOwnerId ?? null });
    if (!parsed.success) {
      const own = (i: (typeof parsed.error.issues)[number]) => (i.code === 'custom' ? (i.params as { i18n?: string } | undefined)?.i18n : undefined);
      form.setFields(parsed.error.issues.map((i) => ({ name: String(i.path[0]) as keyof HazardSettings, errors: [own(i) ? t(`errors.${own(i)}`) : issueMessage(i, t)] })));
      return;
    }
    setBusy(true);
    try {
      await api('/settings/hazards', { method: 'PATCH', body: { values: parsed.data, version: current.data?.version } });
      await qc.invalidateQueries({ queryKey: KEY });
      await qc.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('safety/') });
      message.success(t('hazards.web.investigation.saved'));
      onClose();
    } catch (e) {
      if (e instanceof ApiError) {
        const mine = e.fields.filter((f) => (NAMES as readonly string[]).includes(f.path.split('.')[0]));
        form.setFields(mine.map((f) => ({ name: f.path.split('.')[0] as keyof HazardSettings, errors: [f.message.replace(/^[^：:]{1,24}(?:：|: )\s*/, '')] })));
        setError(e.message);
      } else setError(String(e));
    } finally { setBusy(false); }
  };
  return (
    <Drawer open={open} onClose={onClose} title={t('hazards.web.investigation.settings')} size={phone ? '100%' : 460} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('hazards.web.investigation.settingsHint')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} data-testid="investigation-settings-form">
        <Form.Item name="investigationDay" label={t('fields.investigationDay')} rules={[{ required: true, message: t('form.required') }]}>
          <InputNumber size="large" min={1} max={28} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="investigationDueDay" label={t('fields.investigationDueDay')} rules={[{ required: true, message: t('form.required') }]}>
          <InputNumber size="large" min={1} max={31} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="investigationRole" label={t('fields.investigationRole')} rules={[{ required: true, message: t('form.required') }]}>
          <Select size="large" options={SCHOOL_ROLES.map((r) => ({ value: r, label: t(`enums.role.${r}`) }))} />
        </Form.Item>
        <Form.Item name="investigationOwnerId" label={t('hazards.web.investigation.owner')} extra={t('hazards.web.investigation.ownerHint')}>
          <RefSelect kind="users" allowClear style={{ width: '100%' }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="investigation-settings-save">{t('hazards.web.investigation.save')}</Button>
      </Form>
    </Drawer>
  );
}
