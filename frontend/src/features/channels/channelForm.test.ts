import { describe, expect, it } from 'vitest';
import type { NotificationChannelConfig } from '../../api/types';
import { fieldsFor, hasModes, initialValues, modeOf, secretRequired, storedSecrets, toConfig, CHANNEL_FIELDS } from './channelForm';

const dingtalk: NotificationChannelConfig = {
  kind: 'dingtalk',
  enabled: true,
  configured: true,
  config: { webhook_url: 'https://oapi.dingtalk.com/robot/send?access_token=x', secret: '***' },
  updated_at: '2026-11-20T08:00:00Z',
};

describe('channel forms', () => {
  it('never puts a stored secret in the form', () => {
    expect(initialValues(dingtalk)).toEqual({ mode: 'robot', webhook_url: dingtalk.config.webhook_url, secret: '', client_id: '', client_secret: '', agent_id: undefined, oapi_base: '', api_base: '' });
    expect([...storedSecrets(dingtalk)]).toEqual(['secret']);
  });

  it('keeps a stored secret with "***" unless a new one was typed', () => {
    const stored = storedSecrets(dingtalk);
    expect(toConfig('dingtalk', { webhook_url: ' https://x.example/hook ', secret: '' }, stored)).toEqual({ mode: 'robot', webhook_url: 'https://x.example/hook', secret: '***' });
    expect(toConfig('dingtalk', { webhook_url: 'https://x.example/hook', secret: 'SECnew' }, stored)).toEqual({ mode: 'robot', webhook_url: 'https://x.example/hook', secret: 'SECnew' });
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

describe('app and robot modes', () => {
  const wecomApp: NotificationChannelConfig = {
    kind: 'wecom',
    enabled: true,
    configured: true,
    config: { mode: 'app', corp_id: 'ww1', agent_id: 1000002, secret: '***' },
    updated_at: '2026-11-20T08:00:00Z',
  };

  it('reads a v1 config without a mode as a robot, and starts new ones in app mode', () => {
    expect(modeOf(dingtalk)).toBe('robot');
    expect(modeOf(wecomApp)).toBe('app');
    expect(modeOf({ kind: 'wecom', enabled: false, configured: false, config: {}, updated_at: null })).toBe('app');
    expect(hasModes('email')).toBe(false);
  });

  it('sends the fields of the chosen mode with the mode', () => {
    const values = initialValues(wecomApp);
    expect(values).toMatchObject({ mode: 'app', corp_id: 'ww1', agent_id: 1000002, secret: '', webhook_url: '' });
    expect(toConfig('wecom', values, storedSecrets(wecomApp))).toEqual({ mode: 'app', corp_id: 'ww1', agent_id: 1000002, secret: '***' });
    expect(toConfig('wecom', { ...values, mode: 'robot', webhook_url: 'https://qyapi.weixin.qq.com/hook?key=k' }, new Set())).toEqual({
      mode: 'robot',
      webhook_url: 'https://qyapi.weixin.qq.com/hook?key=k',
    });
    expect(fieldsFor('dingtalk', 'app').map((f) => f.name)).toEqual(['client_id', 'client_secret', 'agent_id', 'oapi_base', 'api_base']);
  });
});
