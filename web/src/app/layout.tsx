import { DownOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Dropdown, Layout, Menu, Space, Spin } from 'antd';
import { Suspense } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { OrgTreeSelect } from '../components/org-tree-select';
import { PeriodPicker } from '../components/period-picker';
import { NoticesBell } from '../features/notices/notices-bell';
import { useAuth } from './auth';
import { useI18n } from './i18n';
import { LangSwitch } from './lang-switch';
import { consolePages } from './routes';
import { useScope } from './scope';

const MENU = consolePages.flatMap((p) => (p.menu ? [{ key: p.path, permission: p.permission, ...p.menu }] : []));

/** The menu entry a path belongs to: the longest entry that is the path or a parent of it. */
function selectedKey(pathname: string): string {
  const hits = MENU.filter((m) => m.key !== '/' && (pathname === m.key || pathname.startsWith(`${m.key}/`)));
  return hits.sort((a, b) => b.key.length - a.key.length)[0]?.key ?? '/';
}

export function AppLayout() {
  const { t } = useI18n();
  const { me, logout, can } = useAuth();
  const { orgId, setOrgId, period, setPeriod } = useScope();
  const location = useLocation();
  const navigate = useNavigate();

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} width={208}>
        <div style={{ color: '#fff', fontSize: 18, fontWeight: 600, padding: '16px 24px' }}>{t('appName')}</div>
        <nav aria-label={t('nav.main')}>
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={[selectedKey(location.pathname)]}
            items={MENU.filter((m) => !m.permission || can(m.permission)).map((m) => ({
              key: m.key,
              icon: m.icon,
              label: <Link to={{ pathname: m.key, search: location.search }}>{t(m.label)}</Link>,
            }))}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 16px',
            display: 'flex',
            alignItems: 'center',
            gap: 12,
            flexWrap: 'wrap',
            height: 'auto',
            minHeight: 64,
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          <OrgTreeSelect aria-label={t('scope.org')} value={orgId} onChange={setOrgId} style={{ width: 260 }} />
          <PeriodPicker value={period} onChange={setPeriod} />
          <div style={{ flex: 1 }} />
          <NoticesBell />
          <LangSwitch />
          <Dropdown
            menu={{
              items: [
                { key: 'me', icon: <UserOutlined />, label: t('menu.me'), onClick: () => navigate('/me') },
                { key: 'logout', icon: <LogoutOutlined />, label: t('user.logout'), onClick: () => void logout() },
              ],
            }}
          >
            <Button type="text" aria-label={t('user.menu')}>
              <Space>
                <UserOutlined />
                {me?.account.displayName}
                <DownOutlined />
              </Space>
            </Button>
          </Dropdown>
        </Layout.Header>
        <Layout.Content style={{ margin: 16 }}>
          {me?.account.mustChangePassword && location.pathname !== '/me' && (
            <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('user.mustChange')} action={<Link to="/me">{t('user.goChange')}</Link>} />
          )}
          <Suspense fallback={<Spin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
