import { useQueryClient } from '@tanstack/react-query';
import { Form, Input, InputNumber, Radio, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { VendorCreated } from '../../api/types';
import { call } from '../../lib/problem';
import { EntityFormModal } from '../../lib/ui/EntityFormModal';
import { vendorKeys } from './api';
import { SecretOnceModal } from './SecretOnceModal';
import { SLUG_PATTERN, VENDOR_FORM_DEFAULTS, vendorCreateBody, type VendorFormValues } from './vendorForm';

/** Register a vendor, then show its generated secret exactly once. */
export function CreateVendorModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<VendorCreated | null>(null);

  const save = async (values: VendorFormValues) => {
    const vendor = await call(api.POST('/api/v1/vendors', { body: vendorCreateBody(values) }));
    setCreated(vendor);
    await queryClient.invalidateQueries({ queryKey: vendorKeys.all });
  };
  const required = (field: string) => ({ required: true, whitespace: true, message: t('common.required', { field }) });

  return (
    <>
      <EntityFormModal<VendorFormValues>
        open={open}
        title={t('vendors.newVendor')}
        initialValues={VENDOR_FORM_DEFAULTS}
        onClose={onClose}
        onSubmit={save}
        okText={t('common.create')}
        conflict={{ field: 'slug', message: t('vendors.slugTaken') }}
      >
        <Form.Item
          name="slug"
          label={t('vendors.slug')}
          extra={t('vendors.slugHint')}
          rules={[required(t('vendors.slug')), { pattern: SLUG_PATTERN, message: t('vendors.slugInvalid') }]}
        >
          <Input autoComplete="off" placeholder="acme-ai" />
        </Form.Item>
        <Form.Item name="name" label={t('vendors.name')} rules={[required(t('vendors.name'))]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="scheme" label={t('vendors.scheme')}>
          <Radio.Group
            options={[
              { value: 'standard-webhooks', label: t('vendors.schemeStandard') },
              { value: 'hmac-sha256', label: t('vendors.schemeHmac') },
            ]}
          />
        </Form.Item>
        <Form.Item noStyle dependencies={['scheme']}>
          {({ getFieldValue }) =>
            getFieldValue('scheme') === 'hmac-sha256' && (
              <>
                <Form.Item name="header" label={t('vendors.header')} rules={[required(t('vendors.header'))]}>
                  <Input autoComplete="off" />
                </Form.Item>
                <Form.Item name="prefix" label={t('vendors.prefix')}>
                  <Input autoComplete="off" />
                </Form.Item>
              </>
            )
          }
        </Form.Item>
        <Form.Item name="auto_confirm" label={t('vendors.autoConfirm')} extra={t('vendors.autoConfirmHint')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="expression" label={t('vendors.expression')} extra={t('vendors.mappingIntro')}>
          <Input.TextArea rows={3} style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        <Form.Item name="poll_enabled" label={t('vendors.poll')} extra={t('vendors.pollHint')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item noStyle dependencies={['poll_enabled']}>
          {({ getFieldValue }) =>
            getFieldValue('poll_enabled') && (
              <>
                <Form.Item name="poll_url" label={t('vendors.pollUrl')} rules={[required(t('vendors.pollUrl')), { type: 'url' }]}>
                  <Input placeholder="https://vendor.example/api/results" />
                </Form.Item>
                <Form.Item name="poll_interval" label={t('vendors.pollInterval')}>
                  <InputNumber min={1} max={86400} style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item name="poll_items" label={t('vendors.pollItems')}>
                  <Input style={{ fontFamily: 'monospace' }} />
                </Form.Item>
                <Form.Item name="poll_cursor_param" label={t('vendors.pollCursorParam')}>
                  <Input />
                </Form.Item>
                <Form.Item name="poll_cursor_next" label={t('vendors.pollCursorNext')}>
                  <Input style={{ fontFamily: 'monospace' }} />
                </Form.Item>
              </>
            )
          }
        </Form.Item>
        <Typography.Text type="secondary">{t('vendors.secretWarning')}</Typography.Text>
      </EntityFormModal>
      <SecretOnceModal
        open={created !== null}
        title={t('vendors.secretTitle')}
        secret={created?.secret}
        webhookPath={created?.webhook_path}
        onClose={() => setCreated(null)}
      />
    </>
  );
}
