import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Badge, Button, Drawer, Empty, Popover, Spin, Typography, theme } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Notification } from '../../../contracts/notifications';
import { useI18n, type T } from '../../app/i18n';
import { useCan } from '../../app/auth';
import { useIsPhone } from '../useIsPhone';
import { useLatestNotifications, useMarkAllRead, useMarkRead, useUnreadCount } from './api';

/** "3 分钟前" for today's, a date and time for older ones. */
function when(t: T, iso: string): string {
  const d = dayjs(iso);
  const minutes = dayjs().diff(d, 'minute');
  if (minutes < 1) return t('notifications.justNow');
  if (minutes < 60) return t('notifications.minutesAgo', { n: minutes });
  if (minutes < 24 * 60) return t('notifications.hoursAgo', { n: Math.floor(minutes / 60) });
  return d.format(d.year() === dayjs().year() ? 'MM-DD HH:mm' : 'YYYY-MM-DD HH:mm');
}

function Item({ n, onOpen }: { n: Notification; onOpen: (n: Notification) => void }) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const unread = !n.readAt;
  return (
    <button type="button" data-testid="notification-item" data-unread={unread ? 'true' : 'false'} onClick={() => onOpen(n)}
      style={{
        display: 'flex', gap: 10, width: '100%', textAlign: 'start', border: 0, cursor: 'pointer', padding: '10px 12px',
        background: unread ? token.controlItemBgActive : 'transparent', borderBottom: `1px solid ${token.colorBorderSecondary}`, font: 'inherit',
      }}>
      <span aria-hidden style={{ flex: 'none', width: 8, height: 8, marginTop: 7, borderRadius: 4, background: unread ? token.colorPrimary : 'transparent' }} />
      <span style={{ minWidth: 0, flex: 1 }}>
        <span style={{ display: 'block', color: token.colorText, fontWeight: unread ? 500 : 400, wordBreak: 'break-word' }}>{n.title}</span>
        <span style={{ display: 'block', color: token.colorTextTertiary, fontSize: 12, marginTop: 2 }}>{when(t, n.createdAt)}</span>
      </span>
    </button>
  );
}

/** The header's bell: unread count (polled every 30 s), the latest ten, mark read and go to the record. */
export function NotificationBell() {
  const { t, locale } = useI18n();
  const can = useCan();
  const navigate = useNavigate();
  const phone = useIsPhone();
  const [open, setOpen] = useState(false);
  const count = useUnreadCount();
  const latest = useLatestNotifications(locale, open);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  // An inspector reads notifications but changes nothing, not even "read".
  const canWrite = can('notifications.self.write');
  const unread = count.data?.count ?? 0;

  const onOpen = (n: Notification) => {
    if (!n.readAt && canWrite) markRead.mutate(n.id);
    setOpen(false);
    if (n.link) navigate(n.link);
  };

  const items = latest.data?.items ?? [];
  const heading = <>{t('notifications.title')}{unread > 0 ? ` · ${t('notifications.unreadCount', { count: unread })}` : ''}</>;
  const readAll = canWrite && (
    <Button size="small" type="link" data-testid="notification-read-all" disabled={unread === 0} loading={markAll.isPending}
      onClick={() => markAll.mutate()}>
      {t('notifications.markAllRead')}
    </Button>
  );
  const list = latest.isPending ? <div style={{ padding: 24, textAlign: 'center' }}><Spin /></div>
    : latest.isError ? <Typography.Text type="danger" style={{ display: 'block', padding: 16 }}>{t('notifications.loadFailed')}</Typography.Text>
      : items.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} style={{ padding: '8px 0 16px' }} />
        : items.map((n) => <Item key={n.id} n={n} onOpen={onOpen} />);
  const toggle = (o: boolean) => { setOpen(o); if (o) void count.refetch(); };

  const bell = (
    <Button type="text" data-testid="notification-bell" onClick={phone ? () => toggle(true) : undefined}
      aria-label={unread ? `${t('notifications.open')} (${t('notifications.unreadCount', { count: unread })})` : t('notifications.open')}
      style={{ paddingInline: phone ? 6 : 8 }}>
      <Badge count={unread} size="small" overflowCount={99}>
        <BellOutlined style={{ fontSize: 18 }} />
      </Badge>
    </Button>
  );

  // A phone gets the list as a full-width sheet: a popover would not fit beside the bell at 390 px.
  if (phone) {
    return (
      <>
        {bell}
        <Drawer open={open} onClose={() => setOpen(false)} placement="right" size="100%" title={heading} extra={readAll}
          styles={{ body: { padding: 0 } }}>
          <div data-testid="notification-panel">{list}</div>
        </Drawer>
      </>
    );
  }
  return (
    <Popover open={open} onOpenChange={toggle} trigger="click" placement="bottomRight" arrow={false}
      styles={{ container: { padding: 0, width: 360 } }}
      content={(
        <div data-testid="notification-panel">
          <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', padding: '8px 12px', gap: 8 }}>
            <Typography.Text strong>{heading}</Typography.Text>
            {readAll}
          </div>
          <div style={{ maxHeight: 'min(480px, 70vh)', overflowY: 'auto' }}>{list}</div>
        </div>
      )}>
      {bell}
    </Popover>
  );
}
