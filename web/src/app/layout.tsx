import {
  AuditOutlined,
  CalendarOutlined,
  ClockCircleOutlined,
  CrownOutlined,
  DashboardOutlined,
  DownOutlined,
  FlagOutlined,
  HeartOutlined,
  IdcardOutlined,
  LogoutOutlined,
  PartitionOutlined,
  RiseOutlined,
  ScheduleOutlined,
  SmileOutlined,
  SolutionOutlined,
  StarOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Alert, Button, Dropdown, Layout, Menu, Space, Spin } from 'antd';
import { Suspense } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { OrgTreeSelect } from '../components/org-tree-select';
import { PeriodPicker } from '../components/period-picker';
import { useAuth } from './auth';
import { useI18n } from './i18n';
import { LangSwitch } from './lang-switch';
import { useScope } from './scope';

const MENU = [
  { key: '/', icon: <DashboardOutlined />, label: 'menu.dashboard' },
  { key: '/orgs', icon: <PartitionOutlined />, label: 'menu.orgs' },
  { key: '/members', icon: <IdcardOutlined />, label: 'menu.members' },
  { key: '/development', icon: <RiseOutlined />, label: 'menu.development' },
  { key: '/org-life', icon: <ScheduleOutlined />, label: 'menu.orgLife' },
  { key: '/rating', icon: <StarOutlined />, label: 'menu.rating' },
  { key: '/cadres', icon: <CrownOutlined />, label: 'menu.cadres' },
  { key: '/member-life', icon: <SolutionOutlined />, label: 'menu.memberLife' },
  { key: '/volunteer-dashboard', icon: <HeartOutlined />, label: 'menu.volunteerDashboard' },
  { key: '/volunteers', icon: <SmileOutlined />, label: 'menu.volunteers' },
  { key: '/volunteer-activities', icon: <CalendarOutlined />, label: 'menu.volunteerActivities' },
  { key: '/volunteer-groups', icon: <FlagOutlined />, label: 'menu.volunteerGroups' },
  { key: '/volunteer-hours', icon: <ClockCircleOutlined />, label: 'menu.volunteerHours' },
  { key: '/accounts', icon: <TeamOutlined />, label: 'menu.accounts' },
  { key: '/audit', icon: <AuditOutlined />, label: 'menu.audit' },
  { key: '/me', icon: <UserOutlined />, label: 'menu.me' },
] as const;

function selectedKey(pathname: string): string {
  const hit = MENU.filter((m) => m.key !== '/' && pathname.startsWith(m.key)).map((m) => m.key)[0];
  return hit ?? '/';
}

export function AppLayout() {
  const { t } = useI18n();
  const { me, logout } = useAuth();
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
            items={MENU.map((m) => ({
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
