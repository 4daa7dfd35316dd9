import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal } from 'antd';
import { KeyOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { CreateUserInput, GENDERS, ResetPasswordInput, UpdateUserInput, type User } from '../../../contracts/org';
import { ROLES } from '../../../contracts/auth';
import { api, ApiError } from '../../api/client';
import { useInvalidate } from '../../api/hooks';
import { ResourcePage } from '../../components/resource/ResourcePage';
import type { Ctx, ResourceConfig } from '../../components/resource/types';
import { issueMessage, useZodLocale } from '../../components/resource/formKit';
import { useI18n } from '../../app/i18n';

type R = User & { [k: string]: unknown };

const gender = { kind: 'enum' as const, values: GENDERS, group: 'gender', colors: { male: 'blue', female: 'magenta' } };

/** An administrator sets a new password for someone who forgot theirs; their sessions end. */
function ResetPassword({ user, ctx }: { user: R; ctx: Ctx }) {
  const { t } = ctx;
  useZodLocale(useI18n().locale);
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ password: string }>();
  const submit = async ({ password }: { password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await api(`/users/${user.id}/password`, { method: 'POST', body: { password } });
      message.success(t('users.resetDone'));
      await invalidate('users');
      setOpen(false);
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) form.setFields([{ name: 'password', errors: e.fields.map((f) => f.message) }]);
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button icon={<KeyOutlined />} onClick={() => { setError(null); setOpen(true); }} data-testid="reset-password">{t('users.resetPassword')}</Button>
      <Modal open={open} title={t('users.resetTitle', { name: user.name })} onCancel={() => setOpen(false)} okText={t('common.save')}
        onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden okButtonProps={{ 'data-testid': 'reset-password-submit' }}>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="password" label={t('users.newPassword')} extra={t('form.passwordHint')} required
            rules={[{ validator: async (_, v) => { const r = ResetPasswordInput.shape.password.safeParse(v ?? ''); if (!r.success) throw new Error(issueMessage(r.error.issues[0], t)); } }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

const config: ResourceConfig<R> = {
  resource: 'users', titleKey: 'org.users.title', entityKey: 'entity.user', entity: 'user',
  read: 'org.staff.read', write: 'org.staff.write',
  createSchema: CreateUserInput, updateSchema: UpdateUserInput,
  createDefaults: { roles: ['teacher'] },
  searchKey: 'list.searchUser',
  fields: [
    { name: 'username', type: { kind: 'text' }, edit: false },
    { name: 'name', label: 'profile.name', type: { kind: 'text' } },
    { name: 'password', label: 'users.initialPassword', type: { kind: 'password' }, edit: false, detail: false, help: 'form.passwordHint' },
    { name: 'gender', type: gender },
    { name: 'phone', type: { kind: 'text' } },
    { name: 'employeeNo', type: { kind: 'text' } },
    { name: 'departmentId', type: { kind: 'ref', ref: 'departments' } },
    { name: 'post', type: { kind: 'text' } },
    { name: 'roles', type: { kind: 'roles' }, full: true },
    {
      name: 'lastLoginAt', label: 'users.lastLogin', type: { kind: 'text' }, create: false, edit: false,
      render: (r, t) => (r.lastLoginAt ? dayjs(r.lastLoginAt).format('YYYY-MM-DD HH:mm') : t('users.neverLoggedIn')),
    },
  ],
  columns: [
    { field: 'name', sort: 'name' },
    { field: 'username', sort: 'username' },
    { field: 'roles' },
    { field: 'departmentId' },
    { field: 'post' },
    { field: 'employeeNo' },
    { field: 'phone' },
  ],
  filters: [
    { name: 'role', label: 'users.roleFilter', type: { kind: 'enum', values: ROLES, group: 'role' } },
    { name: 'departmentId', type: { kind: 'ref', ref: 'departments' } },
  ],
  title: (r) => r.name,
  subtitle: (r) => [r.username, r.post].filter(Boolean).join(' · '),
  cardFields: ['roles', 'departmentId', 'phone'],
  importable: true,
  detailActions: (r, ctx) => (ctx.can('org.staff.write') && r.active ? <ResetPassword user={r} ctx={ctx} /> : null),
  // Nobody changes their own roles (the server refuses too): say so instead of failing on save.
  fieldState: (name, r, ctx) => (name === 'roles' && r && r.id === ctx.me.id ? { disabled: true, note: ctx.t('users.ownRolesNote') } : undefined),
};

export default function UsersPage() {
  return <ResourcePage config={config} />;
}
