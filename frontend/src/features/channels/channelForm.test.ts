import { describe, expect, it } from 'vitest';
import type { NotificationChannelConfig } from '../../api/types';
import { initialValues, secretRequired, storedSecrets, toConfig, CHANNEL_FIELDS } from './channelForm';

const dingtalk: NotificationChannelConfig = {
  kind: 'dingtalk',
  enabled: true,
  configured: true,
  config: { webhook_url: 'https://oapi.dingtalk.com/robot/send?access_token=x', secret: '***' },
  updated_at: '2026-11-20T08:00:00Z',
};

describe('channel forms', () => {
  it('never puts a stored secret in the form', () => {
    expect(initialValues(dingtalk)).toEqual({ webhook_url: dingtalk.config.webhook_url, secret: '' });
    expect([...storedSecrets(dingtalk)]).toEqual(['secret']);
  });

  it('keeps a stored secret with "***" unless a new one was typed', () => {
    const stored = storedSecrets(dingtalk);
    expect(toConfig('dingtalk', { webhook_url: ' https://x.example/hook ', secret: '' }, stored)).toEqual({ webhook_url: 'https://x.example/hook', secret: '***' });
    expect(toConfig('dingtalk', { webhook_url: 'https://x.example/hook', secret: 'SECnew' }, stored)).toEqual({ webhook_url: 'https://x.example/hook', secret: 'SECnew' });
  });

  it('leaves out empty optional fields and secrets never stored', () => {
    const email: NotificationChannelConfig = { kind: 'email', enabled: false, configured: false, config: {}, updated_at: null };
    const values = initialValues(email);
    expect(values.port).toBe(587);
    expect(toConfig('email', { ...values, host: 'smtp.example.com', from: 'hr@example.com' }, storedSecrets(email))).toEqual({
      host: 'smtp.example.com',
      port: 587,
      from: 'hr@example.com',
      starttls: false,
    });
  });

  it('requires a secret only when none is stored', () => {
    const field = CHANNEL_FIELDS.dingtalk[1]!;
    expect(secretRequired(field, storedSecrets(dingtalk))).toBe(false);
    expect(secretRequired(field, new Set())).toBe(true);
  });
});
