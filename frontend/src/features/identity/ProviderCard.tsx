import { Alert, App, Button, Card, Checkbox, Flex, Form, Input, List, Radio, Switch, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { showServerErrors } from '../../lib/forms';
import { errorMessage } from '../../lib/problem';
import { ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import { formatDateTime } from '../../lib/time';
import { useIdentityProvider, useSaveIdentityProvider, useTestIdentityProvider, type ConnectionTest } from './api';
import { fieldsFor, initialValues, storedSecrets, toConfig, type FormValues } from './providerForm';
import type { ProviderKind } from './sso';

const URL_RE = /^https?:\/\/\S+$/i;

function TestResult({ result }: { result: ConnectionTest }) {
  return (
    <Alert
      type={result.ok ? 'success' : 'error'}
      showIcon
      role="status"
      data-testid="provider-test-result"
      message={result.message}
      description={
        <List
          size="small"
          dataSource={result.steps}
          renderItem={(s) => (
            <List.Item>
              <Typography.Text type={s.ok ? undefined : 'danger'}>
                {s.ok ? '✓' : '✗'} {s.step}: {s.detail}
              </Typography.Text>
            </List.Item>
          )}
        />
      }
      style={{ marginTop: 12 }}
    />
  );
}

/** One provider: its switch and settings (secrets never shown), and a connection test. */
export function ProviderCard({ kind }: { kind: ProviderKind }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const provider = useIdentityProvider(kind);
  const save = useSaveIdentityProvider(kind);
  const test = useTestIdentityProvider(kind);
  const [form] = Form.useForm<FormValues & { enabled: boolean }>();
  const [error, setError] = useState<string | null>(null);
  const config = useMemo(() => (provider.data?.config ?? {}) as Record<string, unknown>, [provider.data]);
  const stored = useMemo(() => storedSecrets(config), [config]);
  const match = Form.useWatch('match', form) as string | undefined;
  const label = (name: string) => t(`identityProviders.field.${name}`);

  if (provider.isPending) return <Card><LoadingSkeleton rows={6} /></Card>;
  if (provider.isError) return <Card><ErrorState error={provider.error} onRetry={() => void provider.refetch()} /></Card>;
  const data = provider.data;

  const submit = (values: FormValues & { enabled: boolean }) => {
    setError(null);
    test.reset();
    const { enabled, ...rest } = values;
    save.mutate(
      { enabled: Boolean(enabled), config: toConfig(kind, rest, stored) },
      {
        onSuccess: () => {
          void message.success(t('identityProviders.saved'));
          for (const f of fieldsFor(kind)) if (f.type === 'secret') form.setFieldValue(f.name, '');
        },
        onError: (err) => setError(showServerErrors(form, err, t)),
      },
    );
  };

  return (
    <Card
      title={
        <Flex gap={8} align="center" wrap>
          {t(`sso.kind.${kind}`)}
          <Tag color={data.configured ? 'success' : 'default'}>
            {data.configured ? t('identityProviders.configured') : t('identityProviders.notConfigured')}
          </Tag>
        </Flex>
      }
      extra={data.updated_at && <Typography.Text type="secondary">{formatDateTime(data.updated_at)}</Typography.Text>}
      data-testid={`provider-${kind}`}
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('identityProviders.callbackUrl')}: <Typography.Text code copyable>{data.callback_url}</Typography.Text>
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 12 }} />}
      <Form form={form} name={`provider-${kind}`} layout="vertical" initialValues={{ ...initialValues(kind, config), enabled: data.enabled }} onFinish={submit}>
        <Form.Item name="enabled" label={t('identityProviders.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {fieldsFor(kind).map((f) => {
          if (f.type === 'boolean')
            return (
              <Form.Item key={f.name} name={f.name} valuePropName="checked">
                <Checkbox>{t('identityProviders.provision')}</Checkbox>
              </Form.Item>
            );
          if (f.type === 'match')
            return (
              <Form.Item key={f.name} name={f.name} label={label(f.name)}>
                <Radio.Group optionType="button">
                  <Radio.Button value="email">{t('identityProviders.matchEmail')}</Radio.Button>
                  <Radio.Button value="employee_no">{t('identityProviders.matchEmployeeNo')}</Radio.Button>
                </Radio.Group>
              </Form.Item>
            );
          if (f.name === 'employee_no_claim' && match !== 'employee_no') return null;
          const required = f.type === 'secret' ? f.required && !stored.has(f.name) : f.required;
          return (
            <Form.Item
              key={f.name}
              name={f.name}
              label={label(f.name)}
              rules={[
                ...(required ? [{ required: true, message: t('identityProviders.required', { field: label(f.name) }) }] : []),
                ...(f.type === 'url' ? [{ pattern: URL_RE, message: t('identityProviders.invalidUrl') }] : []),
              ]}
              extra={
                f.type === 'secret' && stored.has(f.name)
                  ? t('identityProviders.secretKept')
                  : f.type === 'url' && !f.required
                    ? t('identityProviders.defaultAddress')
                    : undefined
              }
            >
              {f.type === 'secret' ? (
                <Input.Password autoComplete="new-password" placeholder={stored.has(f.name) ? '***' : undefined} />
              ) : (
                <Input autoComplete="off" placeholder={f.placeholder} inputMode={f.type === 'url' ? 'url' : undefined} />
              )}
            </Form.Item>
          );
        })}
        <Flex gap={8} wrap>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid={`provider-${kind}-save`}>
            {t('identityProviders.save')}
          </Button>
          <Button
            onClick={() => test.mutate(undefined, { onError: (err) => void message.error(errorMessage(err, t)) })}
            loading={test.isPending}
            disabled={!data.configured}
            data-testid={`provider-${kind}-test`}
          >
            {t('identityProviders.test')}
          </Button>
        </Flex>
      </Form>
      {test.data && <TestResult result={test.data} />}
    </Card>
  );
}
