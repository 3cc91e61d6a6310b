import { describe, expect, it } from 'vitest';
import { SLUG_PATTERN, vendorCreateBody } from './vendorForm';

describe('vendor create body', () => {
  it('sends a standard-webhooks vendor without a secret so the server generates one', () => {
    expect(vendorCreateBody({ slug: ' acme ', name: 'Acme AI', scheme: 'standard-webhooks', expression: '  ' })).toEqual({
      slug: 'acme',
      name: 'Acme AI',
      signing: { scheme: 'standard-webhooks' },
      mapping: null,
      poll: null,
      auto_confirm: false,
    });
  });

  it('sends hmac header and prefix, a mapping and a poll config', () => {
    const body = vendorCreateBody({
      slug: 'acme',
      name: 'Acme',
      scheme: 'hmac-sha256',
      header: 'X-Sig',
      prefix: '',
      auto_confirm: true,
      expression: 'data',
      poll_enabled: true,
      poll_url: 'https://vendor.example/results',
      poll_interval: 60,
      poll_items: 'results',
      poll_cursor_param: 'after',
      poll_cursor_next: 'next',
    });
    expect(body.signing).toEqual({ scheme: 'hmac-sha256', header: 'X-Sig', prefix: '' });
    expect(body.mapping).toEqual({ expression: 'data' });
    expect(body.poll).toEqual({ url: 'https://vendor.example/results', interval_seconds: 60, headers: {}, items: 'results', cursor: { param: 'after', next: 'next' } });
    expect(body.auto_confirm).toBe(true);
  });

  it('leaves polling off when it is not enabled or has no URL', () => {
    expect(vendorCreateBody({ slug: 'a1', name: 'A', scheme: 'standard-webhooks', poll_enabled: true }).poll).toBeNull();
  });

  it('checks slugs like the server', () => {
    expect(SLUG_PATTERN.test('demo-ai')).toBe(true);
    expect(SLUG_PATTERN.test('Demo')).toBe(false);
    expect(SLUG_PATTERN.test('-x')).toBe(false);
    expect(SLUG_PATTERN.test('a')).toBe(false);
  });
});
