import { Flex, Skeleton, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Vendor } from '../../api/types';
import { RelativeTime } from '../results/bits';
import { useVendorHealth } from './api';
import { DeliveryStatusTag } from './DeliveryStatusTag';

/** Last delivery, failures in 24 h and the last poll error of one vendor. */
export function VendorHealth({ vendor }: { vendor: Vendor }) {
  const { t } = useTranslation();
  const health = useVendorHealth(vendor.slug);
  if (health.isPending) return <Skeleton.Input active size="small" />;
  const last = health.data?.last;
  const failures = health.data?.failures24h ?? 0;
  return (
    <Flex vertical gap={2} data-testid={`vendor-health-${vendor.slug}`}>
      <Typography.Text>
        {t('vendors.lastDelivery')}:{' '}
        {last ? (
          <>
            <RelativeTime value={last.received_at} /> <DeliveryStatusTag status={last.status} />
          </>
        ) : (
          <Typography.Text type="secondary">{t('vendors.noDeliveries')}</Typography.Text>
        )}
      </Typography.Text>
      {health.isError ? null : failures > 0 ? (
        <Typography.Text type="danger">{t('vendors.failures24h', { count: failures })}</Typography.Text>
      ) : (
        <Typography.Text type="secondary">{t('vendors.noFailures')}</Typography.Text>
      )}
      {vendor.last_poll_error && (
        <Tooltip title={vendor.last_poll_error}>
          <Tag color="error" style={{ maxWidth: 260, overflow: 'hidden', textOverflow: 'ellipsis' }}>
            {t('vendors.lastPollError', { error: vendor.last_poll_error })}
          </Tag>
        </Tooltip>
      )}
    </Flex>
  );
}
