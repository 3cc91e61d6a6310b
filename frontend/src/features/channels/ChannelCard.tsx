import { Alert, App, Button, Card, Checkbox, Flex, Form, Input, InputNumber, Radio, Switch, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NotificationChannelConfig } from '../../api/types';
import { showServerErrors } from '../../lib/forms';
import { errorMessage } from '../../lib/problem';
import { formatDateTime } from '../../lib/time';
import { useSaveChannel, useTestChannel } from './api';
import { fieldsFor, hasModes, initialValues, modeOf, secretRequired, storedSecrets, toConfig, type ChannelMode, type FormValues } from './channelForm';

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
  const watchedMode = Form.useWatch('mode', form) as ChannelMode | undefined;
  const mode = hasModes(channel.kind) ? (watchedMode ?? modeOf(channel)) : null;
  // A secret stored for one mode is no use to the other: it must be typed again.
  const kept = mode === null || mode === modeOf(channel) ? stored : new Set<string>();

  const submit = (values: FormValues & { enabled: boolean }) => {
    setError(null);
    const { enabled, ...rest } = values;
    save.mutate(
      { enabled: Boolean(enabled), config: toConfig(channel.kind, rest, kept) },
      {
        onSuccess: () => {
          void message.success(t('selfservice.channels.saved'));
          for (const f of fieldsFor(channel.kind, mode)) if (f.type === 'secret') form.setFieldValue(f.name, '');
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
        {mode && (
          <Form.Item name="mode" label={t('selfservice.channels.mode.label')} extra={t(`selfservice.channels.mode.${mode}Hint`)}>
            <Radio.Group optionType="button" data-testid={`channel-${channel.kind}-mode`}>
              <Radio.Button value="app">{t('selfservice.channels.mode.app')}</Radio.Button>
              <Radio.Button value="robot">{t('selfservice.channels.mode.robot')}</Radio.Button>
            </Radio.Group>
          </Form.Item>
        )}
        {fieldsFor(channel.kind, mode).map((f) => {
          const label = fieldLabel(f.label ?? f.name);
          const required = f.type === 'secret' ? secretRequired(f, kept) : f.required;
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
              extra={f.type === 'secret' && kept.has(f.name) ? t('selfservice.channels.secretKept') : f.type === 'url' && !f.required ? t('selfservice.channels.defaultAddress') : undefined}
            >
              {f.type === 'number' ? (
                <InputNumber min={1} max={f.max} style={{ width: 200 }} />
              ) : f.type === 'secret' ? (
                <Input.Password autoComplete="new-password" placeholder={kept.has(f.name) ? '***' : undefined} />
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
