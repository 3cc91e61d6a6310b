import { describe, expect, it } from 'vitest';
import {
  PYTHON_VERIFY_SNIPPET,
  formatPayload,
  isEndpointUrl,
  isMessageStatus,
  isWebhookEvent,
  knownEvents,
  messageStatusColor,
  sameAddress,
  toEndpointBody,
  toEndpointUpdate,
} from './webhooks';

describe('webhook helpers', () => {
  it('recognises events and message statuses', () => {
    expect(isWebhookEvent('result.confirmed')).toBe(true);
    expect(isWebhookEvent('result.deleted')).toBe(false);
    expect(isMessageStatus('failed')).toBe(true);
    expect(isMessageStatus('processed')).toBe(false);
    expect(isMessageStatus(undefined)).toBe(false);
  });

  it('colours statuses, neutral when unknown', () => {
    expect(messageStatusColor('delivered')).toBe('success');
    expect(messageStatusColor('failed')).toBe('error');
    expect(messageStatusColor('pending')).toBe('processing');
    expect(messageStatusColor('weird')).toBe('default');
  });

  it('keeps known events in form order', () => {
    expect(knownEvents(['feedback.created', 'nope', 'result.confirmed'])).toEqual(['result.confirmed', 'feedback.created']);
  });

  it('builds a body: trimmed URL, blank description as null', () => {
    expect(toEndpointBody({ url: ' http://127.0.0.1:9/hook ', events: ['result.confirmed'], description: '  ' })).toEqual({
      url: 'http://127.0.0.1:9/hook',
      events: ['result.confirmed'],
      description: null,
    });
    expect(toEndpointBody({ url: 'https://x.example/h', events: [], description: ' CRM ' }).description).toBe('CRM');
  });

  it('accepts only absolute http(s) URLs', () => {
    expect(isEndpointUrl('http://127.0.0.1:9/hook')).toBe(true);
    expect(isEndpointUrl('https://hooks.example.com/sb')).toBe(true);
    expect(isEndpointUrl('ftp://example.com')).toBe(false);
    expect(isEndpointUrl('/relative')).toBe(false);
    expect(isEndpointUrl('')).toBe(false);
  });

  it('asks for the current secret only when the address changes', () => {
    expect(sameAddress('https://a.example/x', 'https://A.example/y?z=1')).toBe(true);
    expect(sameAddress('https://a.example/x', 'https://a.example:8443/x')).toBe(false);
    expect(sameAddress('https://a.example/x', 'http://a.example/x')).toBe(false);
    expect(sameAddress('not a url', 'https://a.example/x')).toBe(false);
    const values = { url: 'https://b.example/x', events: ['result.confirmed'], secret: ' whsec_abc ' };
    expect(toEndpointUpdate(values, 'https://a.example/x').secret).toBe('whsec_abc');
    expect(toEndpointUpdate(values, 'https://b.example/old').secret).toBeUndefined();
  });

  it('pretty-prints payloads', () => {
    expect(formatPayload({ type: 'result.confirmed', data: { id: 1 } })).toBe('{\n  "type": "result.confirmed",\n  "data": {\n    "id": 1\n  }\n}');
  });

  it('documents the signed content and headers', () => {
    for (const s of ['webhook-id', 'webhook-timestamp', 'webhook-signature', 'whsec_', 'hashlib.sha256', 'f"{msg_id}.{timestamp}."', 'v1,']) {
      expect(PYTHON_VERIFY_SNIPPET).toContain(s);
    }
  });
});
