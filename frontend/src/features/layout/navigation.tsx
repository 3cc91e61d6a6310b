import {
  ApartmentOutlined,
  ApiOutlined,
  AuditOutlined,
  BarChartOutlined,
  BellOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  CloudServerOutlined,
  CloudUploadOutlined,
  ControlOutlined,
  FileTextOutlined,
  HomeOutlined,
  IdcardOutlined,
  InboxOutlined,
  MessageOutlined,
  NotificationOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
  SendOutlined,
  SolutionOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Menu } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { useAuth } from '../../lib/auth/context';
import { buildMenu, menuKeyForPath, type MenuKey } from '../../lib/menu';

const ICONS: Record<MenuKey, ReactNode> = {
  home: <HomeOutlined aria-hidden />,
  workbench: <CheckSquareOutlined aria-hidden />,
  'my-results': <SolutionOutlined aria-hidden />,
  'feedback-inbox': <MessageOutlined aria-hidden />,
  people: <IdcardOutlined aria-hidden />,
  departments: <ApartmentOutlined aria-hidden />,
  positions: <TeamOutlined aria-hidden />,
  batches: <CalendarOutlined aria-hidden />,
  vendors: <CloudServerOutlined aria-hidden />,
  users: <UserOutlined aria-hidden />,
  'integration-clients': <ApiOutlined aria-hidden />,
  'webhook-endpoints': <SendOutlined aria-hidden />,
  audit: <AuditOutlined aria-hidden />,
  analytics: <BarChartOutlined aria-hidden />,
  imports: <CloudUploadOutlined aria-hidden />,
  fairness: <SafetyCertificateOutlined aria-hidden />,
  notifications: <BellOutlined aria-hidden />,
  'notification-channels': <NotificationOutlined aria-hidden />,
  'notification-deliveries': <UnorderedListOutlined aria-hidden />,
  'my-privacy': <SafetyOutlined aria-hidden />,
  'privacy-requests': <InboxOutlined aria-hidden />,
  privacy: <SafetyCertificateOutlined aria-hidden />,
  standards: <ControlOutlined aria-hidden />,
  reports: <FileTextOutlined aria-hidden />,
};

/** The side menu, built only from the menu keys the server granted. */
export function SideMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const { permissions } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const selected = menuKeyForPath(location.pathname);
  // department heads and interviewers read results; only reviewers have a "review" workbench
  const reviewer = Boolean(permissions?.permissions.includes('results:review'));
  const items = buildMenu(permissions?.menus).map((entry) => ({
    key: entry.key,
    icon: ICONS[entry.key],
    label: entry.key === 'workbench' && !reviewer ? t('menu.workbenchReadOnly') : t(entry.label),
    'data-testid': `menu-${entry.key}`,
  }));
  return (
    <Menu
      mode="inline"
      theme="dark"
      selectedKeys={selected ? [selected] : []}
      items={items}
      aria-label={t('app.short')}
      onClick={({ key }) => {
        const entry = buildMenu([key])[0];
        if (entry) navigate(entry.path);
        onNavigate?.();
      }}
    />
  );
}
