import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Descriptions, Flex, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { IntegrationClientCreate, IntegrationClientCreated, Permission } from '../../api/types';
import { useRoles } from '../../lib/auth/roles';
import { call } from '../../lib/problem';
import { EntityFormModal } from '../../lib/ui/EntityFormModal';

/** Shown until GET /permissions/roles answers with `client_scopes`. */
const FALLBACK_SCOPES: Permission[] = ['results:read', 'people:read', 'people:write', 'org:read', 'org:write', 'feedback:read', 'analytics:read'];

type Fields = IntegrationClientCreate;

/** Create a client, then show its secret exactly once with a copy button. */
export function CreateClientModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<IntegrationClientCreated | null>(null);
  const scopes = useRoles().data?.client_scopes ?? FALLBACK_SCOPES;

  const save = async (values: Fields) => {
    const client = await call(api.POST('/api/v1/integration-clients', { body: values }));
    setCreated(client);
    await queryClient.invalidateQueries({ queryKey: ['integration-clients'] });
  };

  return (
    <>
      <EntityFormModal<Fields>
        open={open}
        title={t('clients.newClient')}
        initialValues={{ scopes: ['results:read'] }}
        onClose={onClose}
        onSubmit={save}
        okText={t('common.create')}
        conflict={{ field: 'name', message: t('error.conflict') }}
      >
        <Form.Item
          name="name"
          label={t('clients.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('clients.name') }) }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="scopes" label={t('clients.scopes')} rules={[{ required: true, type: 'array', min: 1, message: t('clients.scopesRequired') }]}>
          <Checkbox.Group>
            <Flex vertical gap={4}>
              {scopes.map((s) => (
                <Checkbox key={s} value={s}>
                  <Typography.Text code>{s}</Typography.Text>
                </Checkbox>
              ))}
            </Flex>
          </Checkbox.Group>
        </Form.Item>
      </EntityFormModal>
      <Modal
        open={created !== null}
        title={t('clients.secretTitle')}
        closable={false}
        maskClosable={false}
        destroyOnHidden
        footer={
          <Button type="primary" onClick={() => setCreated(null)}>
            {t('common.close')}
          </Button>
        }
      >
        <Alert type="warning" showIcon message={t('clients.secretWarning')} style={{ marginBottom: 16 }} />
        <Descriptions column={1} bordered size="small">
          <Descriptions.Item label={t('clients.clientId')}>
            <Typography.Text copyable code>
              {created?.client_id}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('clients.secret')}>
            <Typography.Text copyable={{ tooltips: [t('common.copy'), t('common.copied')] }} code data-testid="client-secret">
              {created?.client_secret}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      </Modal>
    </>
  );
}
