import { useEffect, useRef, useState } from 'react';
import { useLocation } from 'react-router';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Row } from 'antd';
import { ChangePasswordInput } from '../../../contracts/auth';
import { api, ApiError } from '../../api/client';
import { useCurrentUser } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { PageHeader } from '../../components/PageHeader';
import { RoleTags } from '../../components/resource/display';
import { issueMessage, useZodLocale } from '../../components/resource/formKit';
import { useIsPhone } from '../../components/useIsPhone';

interface Values { currentPassword: string; newPassword: string; confirm: string }

function ChangePassword() {
  const { t, locale } = useI18n();
  useZodLocale(locale);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const zodRule = (name: 'currentPassword' | 'newPassword') => ({
    validator: async (_: unknown, v: string | undefined) => {
      if (!v) throw new Error(t('form.required'));
      const r = ChangePasswordInput.shape[name].safeParse(v);
      if (!r.success) throw new Error(issueMessage(r.error.issues[0], t));
    },
  });
  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await api('/auth/password', { method: 'POST', body: { currentPassword: v.currentPassword, newPassword: v.newPassword } });
      message.success(t('profile.changed'));
      form.resetFields();
    } catch (e) {
      if (e instanceof ApiError) {
        form.setFields(e.fields.filter((f) => f.path === 'currentPassword' || f.path === 'newPassword')
          .map((f) => ({ name: f.path as 'currentPassword', errors: [f.message.replace(/^[^：:]{1,20}[：:]\s*/, '')] })));
        setError(e.message);
      } else setError(String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={submit} data-testid="password-form" style={{ maxWidth: 420 }}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form.Item name="currentPassword" label={t('fields.currentPassword')} required rules={[zodRule('currentPassword')]}>
        <Input.Password autoComplete="current-password" data-testid="current-password" />
      </Form.Item>
      <Form.Item name="newPassword" label={t('fields.newPassword')} required extra={t('form.passwordHint')} rules={[zodRule('newPassword')]}>
        <Input.Password autoComplete="new-password" data-testid="new-password" />
      </Form.Item>
      <Form.Item name="confirm" label={t('form.confirmPassword')} required dependencies={['newPassword']}
        rules={[{ validator: async (_, v) => { if (!v) throw new Error(t('form.required')); if (v !== form.getFieldValue('newPassword')) throw new Error(t('form.passwordMismatch')); } }]}>
        <Input.Password autoComplete="new-password" data-testid="confirm-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="form-submit">{t('profile.changePassword')}</Button>
    </Form>
  );
}

export default function ProfilePage() {
  const { t } = useI18n();
  const me = useCurrentUser();
  const phone = useIsPhone();
  const location = useLocation();
  const pwRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (location.hash === '#password') pwRef.current?.scrollIntoView({ behavior: 'smooth' });
  }, [location.hash]);
  const canChange = me.actions.includes('auth.self.write');
  return (
    <div data-testid="page-profile">
      <PageHeader title={t('profile.title')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('profile.account')}>
            <Descriptions column={1} size="small" items={[
              { key: 'name', label: t('profile.name'), children: me.name },
              { key: 'username', label: t('fields.username'), children: me.username },
              { key: 'school', label: t('profile.school'), children: me.schoolName },
              { key: 'roles', label: t('profile.roles'), children: <RoleTags roles={me.roles} t={t} /> },
            ]} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <div ref={pwRef} id="password">
            <Card size="small" title={t('profile.changePassword')}>
              {canChange ? <ChangePassword /> : <Alert type="info" showIcon title={t('profile.readOnly')} />}
            </Card>
          </div>
        </Col>
      </Row>
      {phone && <div style={{ height: 24 }} />}
    </div>
  );
}
