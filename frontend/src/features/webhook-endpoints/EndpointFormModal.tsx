import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Descriptions, Flex, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { call } from '../../lib/problem';
import { EntityFormModal } from '../../lib/ui/EntityFormModal';
import { webhookKeys } from './api';
import {
  WEBHOOK_EVENTS,
  isEndpointUrl,
  knownEvents,
  sameAddress,
  toEndpointBody,
  toEndpointUpdate,
  type WebhookEndpoint,
  type WebhookEndpointCreated,
} from './webhooks';

interface Fields {
  url: string;
  events: string[];
  description?: string | null;
  /** Editing only: the current signing secret, asked for when the URL goes to another address. */
  secret?: string;
}

/**
 * Create an endpoint (then show its secret exactly once), or edit one when `endpoint` is given.
 * Mirrors the integration-clients create dialog.
 */
export function EndpointFormModal({ open, endpoint, onClose }: { open: boolean; endpoint?: WebhookEndpoint | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<WebhookEndpointCreated | null>(null);
  const editing = !!endpoint;

  const save = async (values: Fields) => {
    if (endpoint) {
      const body = toEndpointUpdate(values, endpoint.url);
      await call(api.PATCH('/api/v1/webhook-endpoints/{endpoint_id}', { params: { path: { endpoint_id: endpoint.id } }, body }));
    } else {
      setCreated(await call(api.POST('/api/v1/webhook-endpoints', { body: toEndpointBody(values) })));
    }
    await queryClient.invalidateQueries({ queryKey: webhookKeys.list() });
  };

  return (
    <>
      <EntityFormModal<Fields>
        open={open}
        title={editing ? t('webhooks.editEndpoint') : t('webhooks.newEndpoint')}
        initialValues={
          endpoint
            ? { url: endpoint.url, events: knownEvents(endpoint.events), description: endpoint.description ?? '' }
            : { events: ['result.confirmed'] }
        }
        onClose={onClose}
        onSubmit={save}
        okText={editing ? t('common.save') : t('common.create')}
      >
        <Form.Item
          name="url"
          label={t('webhooks.url')}
          extra={t('webhooks.urlHint')}
          rules={[
            { required: true, whitespace: true, message: t('webhooks.urlRequired') },
            {
              validator: (_, v: string | undefined) =>
                !v || isEndpointUrl(v) ? Promise.resolve() : Promise.reject(new Error(t('webhooks.urlInvalid'))),
            },
          ]}
        >
          <Input autoComplete="off" inputMode="url" placeholder="https://example.com/scorebridge/webhook" />
        </Form.Item>
        {endpoint && (
          <Form.Item noStyle dependencies={['url']}>
            {({ getFieldValue }) =>
              sameAddress(String(getFieldValue('url') ?? ''), endpoint.url) ? null : (
                <Form.Item
                  name="secret"
                  label={t('webhooks.currentSecret')}
                  extra={t('webhooks.currentSecretHint')}
                  rules={[{ required: true, whitespace: true, message: t('webhooks.currentSecretRequired') }]}
                >
                  <Input.Password autoComplete="off" placeholder="whsec_…" />
                </Form.Item>
              )
            }
          </Form.Item>
        )}
        <Form.Item name="events" label={t('webhooks.events')} rules={[{ required: true, type: 'array', min: 1, message: t('webhooks.eventsRequired') }]}>
          <Checkbox.Group>
            <Flex vertical gap={4}>
              {WEBHOOK_EVENTS.map((e) => (
                <Checkbox key={e} value={e}>
                  <Typography.Text code>{e}</Typography.Text> {t(`webhooks.eventName.${e}`)}
                </Checkbox>
              ))}
            </Flex>
          </Checkbox.Group>
        </Form.Item>
        <Form.Item name="description" label={t('webhooks.description')}>
          <Input autoComplete="off" maxLength={200} placeholder={t('webhooks.descriptionPlaceholder')} />
        </Form.Item>
      </EntityFormModal>
      <Modal
        open={created !== null}
        title={t('webhooks.secretTitle')}
        closable={false}
        maskClosable={false}
        keyboard={false}
        destroyOnHidden
        footer={
          <Button type="primary" onClick={() => setCreated(null)}>
            {t('common.close')}
          </Button>
        }
      >
        <Alert type="warning" showIcon message={t('webhooks.secretWarning')} style={{ marginBottom: 16 }} />
        <Descriptions column={1} bordered size="small">
          <Descriptions.Item label={t('webhooks.url')}>
            <Typography.Text>{created?.url}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('webhooks.secret')}>
            <Typography.Text copyable={{ tooltips: [t('common.copy'), t('common.copied')] }} code data-testid="webhook-secret">
              {created?.secret}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      </Modal>
    </>
  );
}
