import { Button, Flex, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { useAuth } from '../../lib/auth/context';
import type { MenuKey } from '../../lib/menu';
import { ErrorState } from '../../lib/ui/QueryStates';
import { NoticeGate } from '../privacy/NoticeGate';
import { Forbidden } from './StatusPages';

/** Only signed-in users with a loaded profile pass; others go to the login page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const auth = useAuth();
  const location = useLocation();
  if (!auth.signedIn && !auth.restoring) {
    const next = location.pathname + location.search;
    const query = next && next !== '/' ? `?next=${encodeURIComponent(next)}` : '';
    return <Navigate to={`/login${query}`} replace />;
  }
  if (auth.loading) {
    return (
      <Flex justify="center" align="center" style={{ minHeight: '100vh' }}>
        <Spin size="large" tip={t('common.loading')}>
          <div style={{ width: 120, height: 80 }} />
        </Spin>
      </Flex>
    );
  }
  if (auth.error || !auth.me || !auth.permissions) {
    return (
      <Flex vertical align="center" justify="center" style={{ minHeight: '100vh' }}>
        <ErrorState error={auth.error} onRetry={auth.retry} />
        <Button type="link" onClick={() => void auth.logout()}>
          {t('header.logout')}
        </Button>
      </Flex>
    );
  }
  // An employee acknowledges the current privacy notice before anything else.
  if (auth.me.notice_ack_required) return <NoticeGate />;
  return <>{children}</>;
}

/** A page whose menu key the user was not given answers "no access". */
export function RequireMenu({ menuKey, children }: { menuKey: MenuKey; children: ReactNode }) {
  const { permissions } = useAuth();
  if (!permissions?.menus.includes(menuKey)) return <Forbidden />;
  return <>{children}</>;
}
