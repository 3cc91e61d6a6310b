import { Route, Routes } from 'react-router';
import { NotFound } from '../layout/StatusPages';
import MyResultDetailPage from './MyResultDetailPage';
import MyResultsPage from './MyResultsPage';

export default function MyResultsRoutes() {
  return (
    <Routes>
      <Route index element={<MyResultsPage />} />
      <Route path=":id" element={<MyResultDetailPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
