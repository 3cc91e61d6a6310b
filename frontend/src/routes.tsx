import { Spin } from 'antd';
import { lazy, Suspense, type ReactElement } from 'react';
import { Route, Routes } from 'react-router';
import { RequireAuth, RequireMenu } from './features/layout/guards';
import { NotFound } from './features/layout/StatusPages';
import type { MenuKey } from './lib/menu';

// The login screen, the signed-in shell and every page are separate chunks: the first screen
// loads only what it shows.
const LoginPage = lazy(() => import('./features/auth/LoginPage'));
const AppLayout = lazy(() => import('./features/layout/AppLayout'));
const HomePage = lazy(() => import('./features/home/HomePage'));
const UsersPage = lazy(() => import('./features/users/UsersPage'));
const ClientsPage = lazy(() => import('./features/integration-clients/IntegrationClientsPage'));
const WebhookEndpointsPage = lazy(() => import('./features/webhook-endpoints/WebhookEndpointsPage'));
const DepartmentsPage = lazy(() => import('./features/departments/DepartmentsPage'));
const PositionsPage = lazy(() => import('./features/positions/PositionsPage'));
const BatchesPage = lazy(() => import('./features/batches/BatchesPage'));
const PeoplePage = lazy(() => import('./features/people/PeoplePage'));
const AuditPage = lazy(() => import('./features/audit/AuditPage'));
const VendorsRoutes = lazy(() => import('./features/vendors/VendorsRoutes'));
const WorkbenchPage = lazy(() => import('./features/workbench/WorkbenchPage'));
const ProfilePage = lazy(() => import('./features/profile/ProfilePage'));
const AnalyticsPage = lazy(() => import('./features/analytics/AnalyticsPage'));
const ImportsPage = lazy(() => import('./features/imports/ImportsPage'));
const FairnessPage = lazy(() => import('./features/fairness/FairnessPage'));
const MyResultsRoutes = lazy(() => import('./features/my-results/MyResultsRoutes'));
const FeedbackInboxPage = lazy(() => import('./features/feedback/FeedbackInboxPage'));
const NotificationsRoutes = lazy(() => import('./features/notifications/NotificationsRoutes'));
const ChannelsPage = lazy(() => import('./features/channels/ChannelsPage'));
const IdentityProvidersPage = lazy(() => import('./features/identity/IdentityProvidersPage'));
const DeliveriesPage = lazy(() => import('./features/channels/DeliveriesPage'));
const MyPrivacyPage = lazy(() => import('./features/privacy/MyPrivacyPage'));
const PrivacyRequestsPage = lazy(() => import('./features/privacy/PrivacyRequestsPage'));
const PrivacyAdminPage = lazy(() => import('./features/privacy/PrivacyAdminPage'));
const StandardsPage = lazy(() => import('./features/standards/StandardsPage'));
const ReportsPage = lazy(() => import('./features/reports/ReportsPage'));

const PAGES: [MenuKey, ReactElement][] = [
  ['workbench', <WorkbenchPage key="workbench" />],
  ['my-results', <MyResultsRoutes key="my-results" />],
  ['feedback-inbox', <FeedbackInboxPage key="feedback-inbox" />],
  ['notifications', <NotificationsRoutes key="notifications" />],
  ['notification-channels', <ChannelsPage key="notification-channels" />],
  ['identity-providers', <IdentityProvidersPage key="identity-providers" />],
  ['notification-deliveries', <DeliveriesPage key="notification-deliveries" />],
  ['vendors', <VendorsRoutes key="vendors" />],
  ['people', <PeoplePage key="people" />],
  ['departments', <DepartmentsPage key="departments" />],
  ['positions', <PositionsPage key="positions" />],
  ['batches', <BatchesPage key="batches" />],
  ['users', <UsersPage key="users" />],
  ['integration-clients', <ClientsPage key="integration-clients" />],
  ['webhook-endpoints', <WebhookEndpointsPage key="webhook-endpoints" />],
  ['audit', <AuditPage key="audit" />],
  ['analytics', <AnalyticsPage key="analytics" />],
  ['imports', <ImportsPage key="imports" />],
  ['my-privacy', <MyPrivacyPage key="my-privacy" />],
  ['privacy-requests', <PrivacyRequestsPage key="privacy-requests" />],
  ['privacy', <PrivacyAdminPage key="privacy" />],
  ['fairness', <FairnessPage key="fairness" />],
  ['standards', <StandardsPage key="standards" />],
  ['reports', <ReportsPage key="reports" />],
];

function Boot() {
  return <Spin size="large" fullscreen />;
}

export function AppRoutes() {
  return (
    <Suspense fallback={<Boot />}>
      <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<HomePage />} />
        <Route
          path="people/:id/profile"
          element={
            <RequireMenu menuKey="people">
              <ProfilePage />
            </RequireMenu>
          }
        />
        {PAGES.map(([key, page]) => (
          <Route key={key} path={`${key}/*`} element={<RequireMenu menuKey={key}>{page}</RequireMenu>} />
        ))}
        <Route path="*" element={<NotFound />} />
      </Route>
      </Routes>
    </Suspense>
  );
}
