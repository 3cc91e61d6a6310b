import { ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Select, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import type { Delivery, DeliveryStatus } from '../../api/types';
import { CursorTable } from '../../lib/list/CursorTable';
import { useCursorList } from '../../lib/list/useCursorList';
import { useSearchParam } from '../../lib/list/useSearchParam';
import { call, errorMessage } from '../../lib/problem';
import { RelativeTime } from '../results/bits';
import { fetchDeliveries, vendorKeys } from './api';
import { DeliveryStatusTag } from './DeliveryStatusTag';

const STATUSES: DeliveryStatus[] = ['pending', 'processed', 'failed'];

function isStatus(v: string): v is DeliveryStatus {
  return (STATUSES as string[]).includes(v);
}

/** The vendor's deliveries, newest first, with a status filter and replay for failed ones. */
export function DeliveriesLog({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [raw, setStatus] = useSearchParam('delivery_status');
  const status = isStatus(raw) ? raw : undefined;
  const list = useCursorList(vendorKeys.deliveries(slug, status), (cursor) => fetchDeliveries(slug, status, cursor));
  const replay = useMutation({
    mutationFn: (id: string) => call(api.POST('/api/v1/deliveries/{delivery_id}/replay', { params: { path: { delivery_id: id } } })),
    onSuccess: async () => {
      void message.success(t('vendors.replayed'));
      await queryClient.invalidateQueries({ queryKey: ['vendors', 'deliveries', slug] });
      await queryClient.invalidateQueries({ queryKey: vendorKeys.health(slug) });
    },
    onError: (err) => void message.error(errorMessage(err, t)),
  });

  const columns: TableColumnsType<Delivery> = [
    { title: t('vendors.receivedAt'), key: 'received_at', render: (_, d) => <RelativeTime value={d.received_at} /> },
    { title: t('vendors.status'), key: 'status', render: (_, d) => <DeliveryStatusTag status={d.status} /> },
    { title: t('vendors.attempts'), dataIndex: 'attempts', key: 'attempts', align: 'right' },
    {
      title: t('vendors.error'),
      key: 'error',
      render: (_, d) =>
        d.error ? (
          <Typography.Paragraph type="danger" ellipsis={{ rows: 2, tooltip: d.error }} style={{ margin: 0, maxWidth: 360 }}>
            {d.error}
          </Typography.Paragraph>
        ) : null,
    },
    {
      title: t('vendors.webhookId'),
      key: 'webhook_id',
      render: (_, d) => (
        <Typography.Text code ellipsis={{ tooltip: d.webhook_id }} style={{ maxWidth: 180 }}>
          {d.webhook_id}
        </Typography.Text>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, d) => (
        <Flex gap="small">
          {d.result_id && (
            <Link to={`/workbench?status=all&result=${d.result_id}`}>{t('vendors.viewResult')}</Link>
          )}
          {d.status === 'failed' && (
            <Tooltip title={t('vendors.replay')}>
              <Button
                size="small"
                icon={<ReloadOutlined aria-hidden />}
                loading={replay.isPending && replay.variables === d.id}
                onClick={() => replay.mutate(d.id)}
                data-testid="delivery-replay"
              >
                {t('vendors.replay')}
              </Button>
            </Tooltip>
          )}
        </Flex>
      ),
    },
  ];

  return (
    <Flex vertical gap="middle" data-testid="deliveries-log">
      <Select<DeliveryStatus | 'all'>
        aria-label={t('vendors.status')}
        value={status ?? 'all'}
        onChange={(v) => setStatus(v === 'all' ? '' : v)}
        style={{ width: 180 }}
        options={[
          { value: 'all', label: t('vendors.allStatuses') },
          ...STATUSES.map((s) => ({ value: s, label: t(`vendors.deliveryStatus.${s}`) })),
        ]}
        data-testid="delivery-status-filter"
      />
      <CursorTable<Delivery>
        list={list}
        rowKey="id"
        columns={columns}
        empty={status ? t('vendors.deliveriesEmptyFiltered') : t('vendors.deliveriesEmpty')}
        emptyAction={status ? <Button onClick={() => setStatus('')}>{t('vendors.allStatuses')}</Button> : undefined}
      />
    </Flex>
  );
}
