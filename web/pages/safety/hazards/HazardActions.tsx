import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { CheckOutlined, RollbackOutlined, SendOutlined, ToolOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { AssignInput, RectifyInput, RejectInput, VerifyInput, type RectAction, type Rectification } from '../../../../contracts/inspections';
import { useHazardAction } from '../../../api/hazards';
import { useAssignees } from '../../../api/inspections';
import { useI18n } from '../../../app/i18n';
import { PhotoUpload } from '../../../components/files/PhotoUpload';
import { applyServerErrors, issueMessage, useZodLocale } from '../../../components/resource/formKit';
import { useIsPhone } from '../../../components/useIsPhone';
import type { z } from 'zod';

const ICONS: Record<RectAction, React.ReactNode> = { assign: <SendOutlined />, rectify: <ToolOutlined />, verify: <CheckOutlined />, reject: <RollbackOutlined /> };
const PRIMARY: RectAction[] = ['assign', 'rectify', 'verify'];
/** A deadline by severity when none was given yet: critical the next day, high 3 days, else a week. */
const DEFAULT_DAYS: Record<string, number> = { critical: 1, high: 3, medium: 7, low: 14 };

interface Values { ownerId?: number; deadline?: Dayjs; plan?: string; note?: string; photoIds?: string[] }

const FIELDS: Record<RectAction, string[]> = {
  assign: ['ownerId', 'deadline', 'plan'], rectify: ['note', 'photoIds'], verify: ['note'], reject: ['note'],
};
const SCHEMA: Record<RectAction, z.ZodType> = { assign: AssignInput, rectify: RectifyInput, verify: VerifyInput, reject: RejectInput };

/** The dialog of one step: its fields, checked by the contract's schema, then by the server. */
function ActionDialog({ r, action, open, onClose }: { r: Rectification; action: RectAction; open: boolean; onClose: () => void }) {
  const { t, locale } = useI18n();
  useZodLocale(locale);
  const phone = useIsPhone();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const act = useHazardAction();
  const [error, setError] = useState<string | null>(null);
  const people = useAssignees(open && action === 'assign');

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    if (action === 'assign') {
      form.setFieldsValue({
        ownerId: r.ownerId ?? undefined, plan: r.plan ?? undefined,
        deadline: r.deadline && r.deadline >= dayjs().format('YYYY-MM-DD') ? dayjs(r.deadline) : dayjs().add(DEFAULT_DAYS[r.severity] ?? 7, 'day'),
      });
    }
  }, [open, action, r, form]);

  const options = useMemo(() => (people.data ?? []).map((p) => ({
    value: p.id, label: `${p.name}（${p.roles.map((x) => t(`enums.role.${x}`)).join('、') || p.username}）`,
  })), [people.data, t]);

  const submit = async (v: Values) => {
    setError(null);
    const body = action === 'assign'
      ? { ownerId: v.ownerId, deadline: v.deadline?.format('YYYY-MM-DD'), plan: v.plan?.trim() || null, version: r.version }
      : action === 'rectify' ? { note: v.note ?? '', photoIds: v.photoIds ?? [], version: r.version }
        : { note: v.note?.trim() || (action === 'reject' ? '' : null), version: r.version };
    const parsed = SCHEMA[action].safeParse(body);
    if (!parsed.success) {
      form.setFields(parsed.error.issues.filter((i) => FIELDS[action].includes(String(i.path[0])))
        .map((i) => ({ name: String(i.path[0]) as keyof Values, errors: [issueMessage(i, t)] })));
      return;
    }
    try {
      await act.mutateAsync({ id: r.id, action, body: parsed.data });
      message.success(t(`hazards.web.${action}.done`));
      onClose();
    } catch (e) {
      const rest = applyServerErrors(form as never, e, FIELDS[action]);
      setError(rest.length ? rest.join('；') : (e as Error).message);
    }
  };

  return (
    <Modal open={open} onCancel={onClose} destroyOnHidden title={t(`hazards.web.${action}.title`)} width={phone ? '100%' : 520}
      style={phone ? { top: 12, maxWidth: 'calc(100vw - 16px)' } : undefined}
      footer={[
        <Button key="c" size="large" onClick={onClose}>{t('common.cancel')}</Button>,
        <Button key="ok" size="large" type="primary" danger={action === 'reject'} loading={act.isPending} onClick={() => form.submit()} data-testid={`${action}-submit`}>
          {t(`hazards.web.${action}.submit`)}
        </Button>,
      ]}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="action-error" />}
      <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }}>{r.locationPath || r.zone} · {r.title}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        {action === 'assign' && (
          <>
            <Form.Item name="ownerId" label={t('hazards.web.assign.owner')} rules={[{ required: true, message: t('hazards.web.assign.owner') }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={options} loading={people.isPending} size="large" placeholder={t('list.selectPlaceholder')} data-testid="assign-owner" />
            </Form.Item>
            <Form.Item name="deadline" label={t('hazards.web.assign.deadline')} rules={[{ required: true, message: t('hazards.web.assign.deadline') }]}>
              <DatePicker style={{ width: '100%' }} size="large" inputReadOnly disabledDate={(d) => d.isBefore(dayjs(), 'day')} data-testid="assign-deadline" />
            </Form.Item>
            <Form.Item name="plan" label={t('hazards.web.assign.plan')}>
              <Input.TextArea rows={3} maxLength={2000} data-testid="assign-plan" />
            </Form.Item>
          </>
        )}
        {action === 'rectify' && (
          <>
            <Form.Item name="note" label={t('hazards.web.rectify.note')}>
              <Input.TextArea rows={3} maxLength={2000} data-testid="rectify-note" />
            </Form.Item>
            <Form.Item name="photoIds" label={t('hazards.web.rectify.photos')} initialValue={[]}>
              <PhotoUpload max={6} />
            </Form.Item>
          </>
        )}
        {(action === 'verify' || action === 'reject') && (
          <Form.Item name="note" label={t(`hazards.web.${action}.note`)}>
            <Input.TextArea rows={3} maxLength={1000} data-testid={`${action}-note`} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** The buttons this person may use on this hazard now (exactly the server's `actions`), each with its dialog. */
export function HazardActions({ r, size = 'middle', block = false }: { r: Rectification; size?: 'small' | 'middle' | 'large'; block?: boolean }) {
  const { t } = useI18n();
  const [open, setOpen] = useState<RectAction | null>(null);
  if (!r.actions.length) return null;
  return (
    <>
      <Space wrap style={block ? { width: '100%' } : undefined} styles={block ? { item: { flex: '1 1 40%' } } : undefined}>
        {r.actions.map((a) => (
          <Button key={a} size={size} block={block} type={PRIMARY.includes(a) ? 'primary' : 'default'} danger={a === 'reject'} icon={ICONS[a]}
            onClick={(e) => { e.preventDefault(); setOpen(a); }} data-testid={`hazard-action-${a}`}>
            {t(`inspections.action.${a}`)}
          </Button>
        ))}
      </Space>
      {open && <ActionDialog r={r} action={open} open onClose={() => setOpen(null)} />}
    </>
  );
}
