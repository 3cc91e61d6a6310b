import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Flex, InputNumber, Popconfirm, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { SecretRotated, Vendor } from '../../api/types';
import { call, errorMessage } from '../../lib/problem';
import { formatDateTime } from '../../lib/time';
import { vendorKeys } from './api';
import { SecretOnceModal } from './SecretOnceModal';

/** Signing, polling and auto-confirm at a glance, and secret rotation. */
export function VendorSettings({ vendor }: { vendor: Vendor }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [overlap, setOverlap] = useState<number>(24);
  const [rotated, setRotated] = useState<SecretRotated | null>(null);
  const rotate = useMutation({
    mutationFn: () =>
      call(api.POST('/api/v1/vendors/{slug}/secrets', { params: { path: { slug: vendor.slug } }, body: { overlap_hours: overlap } })),
    onSuccess: async (out) => {
      setRotated(out);
      await queryClient.invalidateQueries({ queryKey: vendorKeys.one(vendor.slug) });
    },
    onError: (err) => void message.error(errorMessage(err, t)),
  });
  const poll = vendor.poll as { url?: string; interval_seconds?: number } | null;

  return (
    <Flex vertical gap="middle">
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('vendors.webhookUrl')}>
          <Typography.Text copyable code style={{ wordBreak: 'break-all' }}>
            {`${window.location.origin}${vendor.webhook_path}`}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('vendors.signing')}>
          {vendor.signing.scheme}
          {vendor.signing.header && ` · ${vendor.signing.header}`}
          {vendor.signing.prefix && ` · ${vendor.signing.prefix}`}
        </Descriptions.Item>
        <Descriptions.Item label={t('vendors.autoConfirm')}>{vendor.auto_confirm ? t('common.yes') : t('common.no')}</Descriptions.Item>
        <Descriptions.Item label={t('vendors.created')}>{formatDateTime(vendor.created_at)}</Descriptions.Item>
        <Descriptions.Item label={t('vendors.poll')} span={2}>
          {poll?.url ? `${poll.url} · ${poll.interval_seconds ?? ''}s` : t('vendors.notPolling')}
        </Descriptions.Item>
        {poll?.url && (
          <>
            <Descriptions.Item label={t('vendors.lastPoll')}>{formatDateTime(vendor.last_poll_at) || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('vendors.nextPoll')}>{formatDateTime(vendor.next_poll_at) || '—'}</Descriptions.Item>
          </>
        )}
      </Descriptions>
      {vendor.last_poll_error && <Alert type="error" showIcon message={t('vendors.lastPollError', { error: vendor.last_poll_error })} />}
      {vendor.signing.previous_expires_at && (
        <Alert type="info" showIcon message={t('vendors.previousValidUntil', { time: formatDateTime(vendor.signing.previous_expires_at) })} />
      )}
      <Card size="small" title={t('vendors.rotate')}>
        <Typography.Paragraph type="secondary">{t('vendors.rotateHint')}</Typography.Paragraph>
        <Flex gap="small" align="center" wrap>
          <label htmlFor="overlap-hours">{t('vendors.overlapHours')}</label>
          <InputNumber id="overlap-hours" min={0} max={720} value={overlap} onChange={(v) => setOverlap(v ?? 0)} />
          <Popconfirm title={t('vendors.rotateConfirm')} onConfirm={() => rotate.mutate()} okText={t('common.yes')} cancelText={t('common.no')}>
            <Button danger loading={rotate.isPending}>
              {t('vendors.rotate')}
            </Button>
          </Popconfirm>
        </Flex>
      </Card>
      <SecretOnceModal
        open={rotated !== null}
        title={t('vendors.rotatedTitle')}
        secret={rotated?.secret}
        previousExpiresAt={rotated?.previous_expires_at}
        onClose={() => setRotated(null)}
      />
    </Flex>
  );
}
