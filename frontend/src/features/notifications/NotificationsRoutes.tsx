import { Route, Routes } from 'react-router';
import { NotFound } from '../layout/StatusPages';
import NotificationsPage from './NotificationsPage';
import PreferencesPage from './PreferencesPage';

/** /notifications and /notifications/preferences: every signed-in user. */
export default function NotificationsRoutes() {
  return (
    <Routes>
      <Route index element={<NotificationsPage />} />
      <Route path="preferences" element={<PreferencesPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
