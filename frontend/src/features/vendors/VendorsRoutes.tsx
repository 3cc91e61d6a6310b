import { lazy } from 'react';
import { Route, Routes } from 'react-router';

const VendorsPage = lazy(() => import('./VendorsPage'));
const VendorDetailPage = lazy(() => import('./VendorDetailPage'));

export default function VendorsRoutes() {
  return (
    <Routes>
      <Route index element={<VendorsPage />} />
      <Route path=":slug" element={<VendorDetailPage />} />
    </Routes>
  );
}
