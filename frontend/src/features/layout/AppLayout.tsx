import { MenuOutlined } from '@ant-design/icons';
import { Button, Drawer, Flex, Layout, Typography, theme } from 'antd';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { LoadingSkeleton } from '../../lib/ui/QueryStates';
import { useIsMobile } from '../../lib/ui/media';
import { LanguageSwitch, UserMenu } from './HeaderActions';
import { NotificationBell } from '../notifications/NotificationBell';
import { useServiceWorkerLinks } from '../notifications/useServiceWorkerLinks';
import { SideMenu } from './navigation';

function Brand({ collapsed }: { collapsed?: boolean }) {
  const { t } = useTranslation();
  return (
    <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 8, height: 56, padding: '0 20px' }}>
      <img src="/favicon.svg" alt="" width={28} height={28} />
      {!collapsed && (
        <Typography.Text strong style={{ color: '#fff', fontSize: 16, whiteSpace: 'nowrap' }}>
          {t('app.short')}
        </Typography.Text>
      )}
    </Link>
  );
}

export default function AppLayout() {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const { token } = theme.useToken();
  useServiceWorkerLinks();

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!mobile && (
        <Layout.Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} width={220}>
          <Brand collapsed={collapsed} />
          <nav>
            <SideMenu />
          </nav>
        </Layout.Sider>
      )}
      {mobile && (
        <Drawer
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          placement="left"
          width={260}
          closable={false}
          styles={{ body: { padding: 0, background: '#001529' } }}
          title={null}
        >
          <Brand />
          <nav>
            <SideMenu onNavigate={() => setDrawerOpen(false)} />
          </nav>
        </Drawer>
      )}
      <Layout>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            padding: mobile ? '0 8px' : '0 24px',
            height: 56,
            lineHeight: '56px',
            position: 'sticky',
            top: 0,
            zIndex: 10,
            boxShadow: '0 1px 4px rgba(0,21,41,0.08)',
          }}
        >
          <Flex justify="space-between" align="center" style={{ height: '100%', width: '100%' }}>
            <Flex align="center" gap={8}>
              {mobile && (
                <Button
                  type="text"
                  icon={<MenuOutlined />}
                  aria-label={t('menu.open')}
                  data-testid="menu-toggle"
                  onClick={() => setDrawerOpen(true)}
                  style={{ width: 44, height: 44 }}
                />
              )}
              {mobile && <Typography.Text strong>{t('app.short')}</Typography.Text>}
            </Flex>
            <Flex align="center" gap={mobile ? 0 : 8} style={{ marginInlineStart: 'auto' }}>
              <NotificationBell />
              <LanguageSwitch />
              <UserMenu compact={mobile} />
            </Flex>
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ padding: mobile ? 12 : 24 }}>
          <div
            style={{
              background: token.colorBgContainer,
              borderRadius: token.borderRadiusLG,
              padding: mobile ? 12 : 24,
              minHeight: 360,
            }}
          >
            <Suspense fallback={<LoadingSkeleton rows={8} />}>
              <Outlet />
            </Suspense>
          </div>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
