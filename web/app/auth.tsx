import { lazy, useEffect, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Spin } from 'antd';
import type { Me } from '../../contracts/auth';
import { api, setUnauthorizedHandler, ApiError } from '../api/client';
import { keys, useMe } from '../api/hooks';
import { useT } from './i18n';
// The 403 page (and its illustration) loads only when someone needs it.
const Forbidden = lazy(() => import('./Forbidden').then((m) => ({ default: m.Forbidden })));

/** The person logged in; only call below <RequireAuth>. */
export function useCurrentUser(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useCurrentUser outside RequireAuth');
  return data;
}

/** `can('org.staff.write')`, or `can([a, b])` for any of them: the web hides what the server would refuse anyway. */
export function useCan() {
  const { data } = useMe();
  return (action: string | readonly string[] | undefined) => !action || (typeof action === 'string' ? [action] : action).some((a) => !!data?.actions.includes(a));
}

export function useLogout() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return async () => {
    try { await api('/auth/logout', { method: 'POST' }); } catch { /* the session may already be gone */ }
    qc.setQueryData(keys.me, null);
    qc.clear();
    navigate('/login', { replace: true });
  };
}

export function FullPageSpin() {
  return <div style={{ minHeight: '60vh', display: 'grid', placeItems: 'center' }}><Spin size="large" /></div>;
}

/** Pages behind the login: no session → the login page, which comes back here afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const qc = useQueryClient();
  const location = useLocation();
  const t = useT();
  useEffect(() => {
    setUnauthorizedHandler(() => qc.setQueryData(keys.me, null));
    return () => setUnauthorizedHandler(null);
  }, [qc]);
  if (me.isPending) return <FullPageSpin />;
  if (me.isError) {
    const msg = me.error instanceof ApiError ? me.error.message : String(me.error);
    return (
      <div style={{ maxWidth: 480, margin: '20vh auto', padding: 16 }}>
        <Alert type="warning" showIcon title={msg} action={<Button size="small" onClick={() => me.refetch()}>{t('common.retry')}</Button>} />
      </div>
    );
  }
  if (!me.data) {
    const next = location.pathname + location.search;
    return <Navigate to={next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login'} replace />;
  }
  return <>{children}</>;
}

/** A page that needs an action: without it, the 403 page (never a blank or a crash). */
export function RequireAction({ action, children }: { action?: string | string[]; children: ReactNode }) {
  const can = useCan();
  const list = Array.isArray(action) ? action : [action];
  if (!list.some((a) => can(a))) return <Forbidden />;
  return <>{children}</>;
}
