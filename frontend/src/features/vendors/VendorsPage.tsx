import { PlusOutlined } from '@ant-design/icons';
import { Button, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import type { Vendor } from '../../api/types';
import { CursorTable } from '../../lib/list/CursorTable';
import { PAGE_SIZE, useCursorList } from '../../lib/list/useCursorList';
import { call } from '../../lib/problem';
import { formatDateTime } from '../../lib/time';
import { PageHeader } from '../../lib/ui/PageHeader';
import { vendorKeys } from './api';
import { CreateVendorModal } from './CreateVendorModal';
import { VendorHealth } from './VendorHealth';

export default function VendorsPage() {
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);
  const list = useCursorList(vendorKeys.list(), (cursor) =>
    call(api.GET('/api/v1/vendors', { params: { query: { limit: PAGE_SIZE, cursor } } })),
  );

  const columns: TableColumnsType<Vendor> = [
    {
      title: t('vendors.name'),
      key: 'name',
      render: (_, v) => (
        <Link to={`/vendors/${encodeURIComponent(v.slug)}`} data-testid={`vendor-link-${v.slug}`}>
          {v.name}
        </Link>
      ),
    },
    { title: t('vendors.slug'), dataIndex: 'slug', key: 'slug', render: (s: string) => <Typography.Text code>{s}</Typography.Text> },
    { title: t('vendors.scheme'), key: 'scheme', render: (_, v) => v.signing.scheme },
    { title: t('vendors.health'), key: 'health', render: (_, v) => <VendorHealth vendor={v} /> },
    {
      title: t('vendors.autoConfirm'),
      dataIndex: 'auto_confirm',
      key: 'auto_confirm',
      render: (on: boolean) => (on ? t('common.yes') : t('common.no')),
    },
    {
      title: t('vendors.status'),
      dataIndex: 'is_active',
      key: 'is_active',
      render: (on: boolean) => <Tag color={on ? 'green' : 'default'}>{on ? t('vendors.active') : t('vendors.inactive')}</Tag>,
    },
    { title: t('vendors.created'), dataIndex: 'created_at', key: 'created_at', render: (v: string) => formatDateTime(v) },
  ];
  const createButton = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
      {t('vendors.newVendor')}
    </Button>
  );

  return (
    <>
      <PageHeader title={t('vendors.title')} extra={createButton} />
      <CursorTable<Vendor> list={list} rowKey="id" columns={columns} empty={t('vendors.empty')} emptyAction={createButton} />
      <CreateVendorModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
