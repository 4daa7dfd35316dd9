import { useEffect, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { api, ApiError } from '../api/client';
import { keys, useMe } from '../api/hooks';
import { useI18n } from './i18n';
import { LangSwitch } from './AppLayout';
import { FullPageSpin } from './auth';

interface Values { username: string; password: string }

/** Only a path of this site may follow the login (never an outside address). */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  const { t } = useI18n();
  const me = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [wait, setWait] = useState(0);

  // Throttled: count down the seconds the server asked for, then allow another try.
  useEffect(() => {
    if (wait <= 0) return;
    const id = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(id);
  }, [wait]);

  if (me.isPending) return <FullPageSpin />;
  if (me.data) return <Navigate to={safeNext(params.get('next'))} replace />;

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await api('/auth/login', { method: 'POST', body: { username: v.username.trim(), password: v.password } });
      qc.clear();
      await qc.fetchQuery({ queryKey: keys.me, queryFn: () => api('/auth/me') });
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, 'network', t('common.networkError'));
      setError(err);
      if (err.status === 429) setWait(err.retryAfter ?? 60);
      form.setFieldValue('password', '');
    } finally {
      setBusy(false);
    }
  };

  const throttled = wait >= 60 ? t('login.throttledLong', { minutes: Math.floor(wait / 60), seconds: wait % 60 }) : t('login.throttled', { seconds: wait });
  const message = error && (error.status === 429 && wait > 0 ? throttled : error.message);

  return (
    <div style={{ minHeight: '100vh', display: 'flex', flexDirection: 'column', background: 'linear-gradient(160deg, #e8f3ef 0%, #f5f7f6 55%, #eef2f7 100%)' }}>
      <div style={{ display: 'flex', justifyContent: 'flex-end', padding: 8 }}><LangSwitch /></div>
      <div style={{ flex: 1, display: 'grid', placeItems: 'center', padding: '8px 16px 40px' }}>
        <div style={{ width: '100%', maxWidth: 380 }}>
          <div style={{ textAlign: 'center', marginBottom: 20 }}>
            <div aria-hidden style={{ width: 52, height: 52, borderRadius: 12, background: '#0f6e5a', color: '#fff', display: 'inline-grid', placeItems: 'center', fontSize: 26, fontWeight: 700 }}>后</div>
            <Typography.Title level={3} style={{ margin: '12px 0 2px' }}>{t('app.title')}</Typography.Title>
            <Typography.Text type="secondary">{t('app.subtitle')}</Typography.Text>
          </div>
          <Card>
            <Typography.Title level={5} style={{ marginTop: 0 }}>{t('login.welcome')}</Typography.Title>
            {message && <Alert type="error" showIcon title={message} style={{ marginBottom: 16 }} data-testid="login-error" role="alert" />}
            <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} autoComplete="on"
              onValuesChange={(changed) => { if ('username' in changed && wait > 0) { setWait(0); setError(null); } }}>
              <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
                <Input size="large" prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
              </Form.Item>
              <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
                <Input.Password size="large" prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" size="large" block loading={busy} disabled={wait > 0} data-testid="login-submit">
                {t('login.submit')}
              </Button>
            </Form>
          </Card>
        </div>
      </div>
    </div>
  );
}
