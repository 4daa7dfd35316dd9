import { Suspense, useMemo, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { Avatar, Button, Drawer, Dropdown, Layout, Menu, Typography, theme, type MenuProps } from 'antd';
import { MenuOutlined, MenuFoldOutlined, MenuUnfoldOutlined, UserOutlined, LogoutOutlined, KeyOutlined, GlobalOutlined, IdcardOutlined } from '@ant-design/icons';
import { NAV, isGroup, navKeyOf, type NavEntry, type NavItem } from './nav';
import { useI18n } from './i18n';
import { FullPageSpin, useCan, useCurrentUser, useLogout } from './auth';
import { useIsNarrow, useIsPhone } from '../components/useIsPhone';
import { NotificationBell } from '../components/notifications/NotificationBell';

const SIDER_WIDTH = 216;

function Brand({ collapsed }: { collapsed?: boolean }) {
  const { t } = useI18n();
  return (
    <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 10, height: 56, padding: collapsed ? '0 20px' : '0 18px', color: 'inherit', overflow: 'hidden', whiteSpace: 'nowrap' }}>
      <span aria-hidden style={{ width: 28, height: 28, borderRadius: 6, background: '#0f6e5a', color: '#fff', display: 'grid', placeItems: 'center', fontWeight: 700, flex: 'none' }}>后</span>
      {!collapsed && (
        <span style={{ lineHeight: 1.15 }}>
          <span style={{ display: 'block', fontWeight: 600, fontSize: 15 }}>{t('app.title')}</span>
          <span style={{ display: 'block', fontSize: 11, color: '#8c8c8c' }}>{t('app.subtitle')}</span>
        </span>
      )}
    </Link>
  );
}

/** The side menu: only what this person may open, plus the labelled places of modules still to come. */
function SideMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useI18n();
  const can = useCan();
  const location = useLocation();
  const selected = navKeyOf(location.pathname);

  const items = useMemo<MenuProps['items']>(() => {
    const leaf = (n: NavItem) => ({
      key: n.key,
      icon: n.icon,
      label: (
        <Link to={n.path} data-testid={`menu-${n.key}`} onClick={onNavigate}>
          {t(n.labelKey)}
        </Link>
      ),
    });
    const visible = (e: NavEntry) => (isGroup(e) ? e.items.some((i) => can(i.action)) : can(e.action));
    return NAV.filter(visible).map((e) => (isGroup(e)
      ? { key: e.key, icon: e.icon, label: t(e.labelKey), children: e.items.filter((i) => can(i.action)).map(leaf) }
      : leaf(e)));
  }, [t, can, onNavigate]);

  const groupOf = NAV.find((e) => isGroup(e) && e.items.some((i) => i.key === selected));
  const [open, setOpen] = useState<string[]>(['org', ...(groupOf ? [groupOf.key] : [])]);
  return <Menu mode="inline" items={items} selectedKeys={[selected]} openKeys={open} onOpenChange={setOpen} style={{ borderInlineEnd: 0 }} />;
}

function UserMenu({ compact }: { compact: boolean }) {
  const { t } = useI18n();
  const me = useCurrentUser();
  const logout = useLogout();
  const navigate = useNavigate();
  const items: MenuProps['items'] = [
    { key: 'who', disabled: true, label: <span style={{ color: 'rgba(0,0,0,.65)' }}>{me.name}（{me.username}）<br /><small>{me.schoolName}</small></span> },
    { type: 'divider' },
    { key: 'profile', icon: <IdcardOutlined />, label: <span data-testid="menu-profile">{t('menu.profile')}</span> },
    ...(me.actions.includes('auth.self.write') ? [{ key: 'password', icon: <KeyOutlined />, label: <span data-testid="menu-change-password">{t('menu.changePassword')}</span> }] : []),
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, danger: true, label: <span data-testid="logout">{t('menu.logout')}</span> },
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'profile') navigate('/profile');
    if (key === 'password') navigate('/profile#password');
    if (key === 'logout') void logout();
  };
  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
      <Button type="text" data-testid="user-menu" aria-label={t('menu.profile')} style={{ display: 'flex', alignItems: 'center', gap: 8, paddingInline: 6, height: 40 }}>
        <Avatar size="small" icon={<UserOutlined />} style={{ background: '#0f6e5a' }} />
        {!compact && <span style={{ maxWidth: 120, overflow: 'hidden', textOverflow: 'ellipsis' }}>{me.name}</span>}
      </Button>
    </Dropdown>
  );
}

export function LangSwitch({ style }: { style?: React.CSSProperties }) {
  const { t, locale, setLocale } = useI18n();
  return (
    <Button type="text" icon={<GlobalOutlined />} data-testid="lang-switch" style={style}
      aria-label={t('lang.switchTo')} title={t('lang.switchTo')}
      onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}>
      {t('lang.switchTo')}
    </Button>
  );
}

export function AppLayout() {
  const { t } = useI18n();
  const me = useCurrentUser();
  const narrow = useIsNarrow();
  const phone = useIsPhone();
  const [collapsed, setCollapsed] = useState(false);
  const [drawer, setDrawer] = useState(false);
  const { token } = theme.useToken();

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {narrow ? (
        <Drawer placement="left" open={drawer} onClose={() => setDrawer(false)} size={SIDER_WIDTH + 40}
          styles={{ body: { padding: 0 }, header: { display: 'none' } }}>
          <Brand />
          <div style={{ padding: '0 18px 10px', color: token.colorTextSecondary, fontSize: 13 }}>{me.schoolName}</div>
          <SideMenu onNavigate={() => setDrawer(false)} />
        </Drawer>
      ) : (
        <Layout.Sider theme="light" width={SIDER_WIDTH} collapsed={collapsed} collapsedWidth={68} trigger={null}
          style={{ borderInlineEnd: `1px solid ${token.colorBorderSecondary}`, position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}>
          <Brand collapsed={collapsed} />
          <SideMenu />
        </Layout.Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header style={{
          background: token.colorBgContainer, borderBottom: `1px solid ${token.colorBorderSecondary}`, padding: narrow ? '0 8px' : '0 16px',
          display: 'flex', alignItems: 'center', gap: 8, height: 56, lineHeight: '56px', position: 'sticky', top: 0, zIndex: 10,
        }}>
          {narrow ? (
            <Button type="text" icon={<MenuOutlined />} aria-label={t('menu.openMenu')} data-testid="menu-toggle" onClick={() => setDrawer(true)} />
          ) : (
            <Button type="text" icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />} aria-label={t(collapsed ? 'menu.expand' : 'menu.collapse')}
              onClick={() => setCollapsed(!collapsed)} />
          )}
          <Typography.Text strong ellipsis style={{ flex: 1, minWidth: 0, fontSize: phone ? 15 : 16 }} data-testid="school-name">
            {me.schoolName}
          </Typography.Text>
          <NotificationBell />
          <LangSwitch style={phone ? { paddingInline: 6 } : undefined} />
          <UserMenu compact={phone} />
        </Layout.Header>
        <Layout.Content style={{ padding: phone ? 12 : 20, minWidth: 0 }}>
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
