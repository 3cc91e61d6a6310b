import { Alert, App, Button, Card, Checkbox, Flex, Form, Input, InputNumber, Switch, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NotificationChannelConfig } from '../../api/types';
import { showServerErrors } from '../../lib/forms';
import { errorMessage } from '../../lib/problem';
import { formatDateTime } from '../../lib/time';
import { useSaveChannel, useTestChannel } from './api';
import { CHANNEL_FIELDS, initialValues, secretRequired, storedSecrets, toConfig, type FormValues } from './channelForm';

const URL_RE = /^https?:\/\/\S+$/i;

/** One channel: enable switch and its settings; secrets are never shown, only replaced. */
export function ChannelCard({ channel }: { channel: NotificationChannelConfig }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues & { enabled: boolean }>();
  const save = useSaveChannel(channel.kind);
  const [error, setError] = useState<string | null>(null);
  const test = useTestChannel(channel.kind);
  const [tested, setTested] = useState<{ ok: boolean; text: string } | null>(null);
  const sendTest = () => {
    setTested(null);
    test.mutate(undefined, {
      onSuccess: (outcome) => setTested({ ok: outcome.ok, text: outcome.message }),
      onError: (err) => setTested({ ok: false, text: errorMessage(err, t) }),
    });
  };
  const stored = useMemo(() => storedSecrets(channel), [channel]);
  const fieldLabel = (name: string) => t(`selfservice.channels.field.${name}`);

  const submit = (values: FormValues & { enabled: boolean }) => {
    setError(null);
    const { enabled, ...rest } = values;
    save.mutate(
      { enabled: Boolean(enabled), config: toConfig(channel.kind, rest, stored) },
      {
        onSuccess: () => {
          void message.success(t('selfservice.channels.saved'));
          for (const f of CHANNEL_FIELDS[channel.kind]) if (f.type === 'secret') form.setFieldValue(f.name, '');
        },
        onError: (err) => setError(showServerErrors(form, err, t)),
      },
    );
  };

  return (
    <Card
      title={
        <Flex gap={8} align="center" wrap>
          {t(`selfservice.prefs.channel.${channel.kind}`)}
          <Tag color={channel.configured ? 'success' : 'default'}>
            {channel.configured ? t('selfservice.channels.configured') : t('selfservice.channels.notConfigured')}
          </Tag>
        </Flex>
      }
      extra={channel.updated_at && <Typography.Text type="secondary">{t('selfservice.channels.updatedAt', { at: formatDateTime(channel.updated_at) })}</Typography.Text>}
      data-testid={`channel-${channel.kind}`}
    >
      {error && <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ ...initialValues(channel), enabled: channel.enabled }} onFinish={submit}>
        <Form.Item name="enabled" label={t('selfservice.channels.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {CHANNEL_FIELDS[channel.kind].map((f) => {
          const label = fieldLabel(f.name);
          const required = f.type === 'secret' ? secretRequired(f, stored) : f.required;
          const rules = [
            ...(required && f.type !== 'boolean' ? [{ required: true, message: t('selfservice.channels.required', { field: label }) }] : []),
            ...(f.type === 'url' ? [{ pattern: URL_RE, message: t('selfservice.channels.invalidUrl') }] : []),
            ...(f.type === 'email' ? [{ type: 'email' as const, message: t('error.invalid') }] : []),
          ];
          if (f.type === 'boolean')
            return (
              <Form.Item key={f.name} name={f.name} valuePropName="checked">
                <Checkbox>{label}</Checkbox>
              </Form.Item>
            );
          return (
            <Form.Item
              key={f.name}
              name={f.name}
              label={label}
              rules={rules}
              extra={f.type === 'secret' && stored.has(f.name) ? t('selfservice.channels.secretKept') : undefined}
            >
              {f.type === 'number' ? (
                <InputNumber min={1} max={65535} style={{ width: 160 }} />
              ) : f.type === 'secret' ? (
                <Input.Password autoComplete="new-password" placeholder={stored.has(f.name) ? '***' : undefined} />
              ) : (
                <Input autoComplete="off" inputMode={f.type === 'url' ? 'url' : f.type === 'email' ? 'email' : undefined} />
              )}
            </Form.Item>
          );
        })}
        <Flex gap={8} wrap>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid={`channel-${channel.kind}-save`}>
            {t('common.save')}
          </Button>
          <Button
            onClick={sendTest}
            loading={test.isPending}
            disabled={!channel.configured}
            title={channel.configured ? undefined : t('selfservice.channels.testNeedsSave')}
            data-testid={`channel-${channel.kind}-test`}
          >
            {t('selfservice.channels.test')}
          </Button>
        </Flex>
        {tested && (
          <Alert
            type={tested.ok ? 'success' : 'error'}
            showIcon
            message={tested.text}
            role={tested.ok ? 'status' : 'alert'}
            style={{ marginTop: 12 }}
            data-testid={`channel-${channel.kind}-test-result`}
          />
        )}
      </Form>
    </Card>
  );
}
