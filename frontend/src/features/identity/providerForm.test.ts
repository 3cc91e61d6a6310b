import { describe, expect, it } from 'vitest';
import { initialValues, storedSecrets, toConfig } from './providerForm';

describe('identity provider form', () => {
  it('keeps a stored secret left empty and drops empty optional fields', () => {
    const stored = { corp_id: 'ww1', agent_id: '1000002', secret: '***', api_base: 'https://qyapi.weixin.qq.com', provision: false };
    const values = initialValues('wecom', stored);
    expect(values).toEqual({ corp_id: 'ww1', agent_id: '1000002', api_base: 'https://qyapi.weixin.qq.com', provision: false });
    expect(toConfig('wecom', { ...values, api_base: ' ' }, storedSecrets(stored))).toEqual({
      corp_id: 'ww1',
      agent_id: '1000002',
      secret: '***',
      provision: false,
    });
  });

  it('sends a typed secret and the employee-number claim only when matching on it', () => {
    const values = { issuer: 'https://id.corp.cn', client_id: 'sb', client_secret: 's3', match: 'email', employee_no_claim: 'emp', provision: true };
    expect(toConfig('oidc', values, new Set())).toEqual({ issuer: 'https://id.corp.cn', client_id: 'sb', client_secret: 's3', match: 'email', provision: true });
    expect(toConfig('oidc', { ...values, match: 'employee_no' }, new Set()).employee_no_claim).toBe('emp');
  });
});
