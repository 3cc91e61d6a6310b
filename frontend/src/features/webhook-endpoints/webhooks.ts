// Pure helpers of the outgoing-webhooks page (no React, no network).
import type { paths } from '../../api/schema';

// Named by the path that returns them, so a renamed schema on the server does not break the page.
type Endpoints = paths['/api/v1/webhook-endpoints'];
type JsonBody<Op> = Op extends { requestBody: { content: { 'application/json': infer T } } } ? T : never;
type JsonOk<Op, S extends number> = Op extends { responses: { [K in S]: { content: { 'application/json': infer T } } } } ? T : never;
type ItemOf<L> = L extends { items: (infer T)[] } ? T : never;

export type WebhookEndpoint = ItemOf<JsonOk<Endpoints['get'], 200>>;
export type WebhookEndpointCreate = JsonBody<Endpoints['post']>;
export type WebhookEndpointCreated = JsonOk<Endpoints['post'], 201>;
export type WebhookEndpointUpdate = JsonBody<paths['/api/v1/webhook-endpoints/{endpoint_id}']['patch']>;
export type WebhookMessage = ItemOf<JsonOk<paths['/api/v1/webhook-endpoints/{endpoint_id}/messages']['get'], 200>>;
export type WebhookEvent = WebhookEndpointCreate['events'][number];

/** Events an endpoint can subscribe to, in the order the form shows them. */
export const WEBHOOK_EVENTS: readonly WebhookEvent[] = ['result.confirmed', 'result.updated', 'feedback.created', 'feedback.resolved'];

export const MESSAGE_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export function isWebhookEvent(value: string): value is WebhookEvent {
  return (WEBHOOK_EVENTS as readonly string[]).includes(value);
}

export function isMessageStatus(value: unknown): value is MessageStatus {
  return typeof value === 'string' && (MESSAGE_STATUSES as readonly string[]).includes(value);
}

/** Tag colour of a message status; unknown statuses stay neutral. */
export function messageStatusColor(status: string): string {
  switch (status) {
    case 'delivered':
      return 'success';
    case 'failed':
      return 'error';
    case 'pending':
      return 'processing';
    default:
      return 'default';
  }
}

/** The endpoint's events that the form knows, in form order (for editing). */
export function knownEvents(events: readonly string[]): WebhookEvent[] {
  return WEBHOOK_EVENTS.filter((e) => events.includes(e));
}

/** Form values as a create/update body: trimmed URL, blank description → null, events in form order. */
export function toEndpointBody(values: { url: string; events: readonly string[]; description?: string | null }): WebhookEndpointCreate {
  const description = values.description?.trim() ?? '';
  return { url: values.url.trim(), events: knownEvents(values.events), description: description === '' ? null : description };
}

/** An update body: the create fields, plus the current secret when the address changes. */
export function toEndpointUpdate(
  values: { url: string; events: readonly string[]; description?: string | null; secret?: string },
  currentUrl: string,
): WebhookEndpointUpdate {
  const body: WebhookEndpointUpdate = toEndpointBody(values);
  const secret = values.secret?.trim() ?? '';
  if (!sameAddress(values.url, currentUrl) && secret !== '') body.secret = secret;
  return body;
}

/** A URL an endpoint may use: absolute http(s) with a host. */
export function isEndpointUrl(value: string): boolean {
  try {
    const url = new URL(value.trim());
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * Whether two URLs go to the same address (scheme, host, port). Moving an endpoint to another
 * address needs its current signing secret (the server refuses it otherwise).
 */
export function sameAddress(a: string, b: string): boolean {
  try {
    const x = new URL(a.trim());
    const y = new URL(b.trim());
    return x.protocol === y.protocol && x.hostname.toLowerCase() === y.hostname.toLowerCase() && x.port === y.port;
  } catch {
    return false;
  }
}

/** A payload as indented JSON for reading. */
export function formatPayload(payload: unknown): string {
  try {
    return JSON.stringify(payload, null, 2) ?? '';
  } catch {
    return String(payload);
  }
}

/** How a receiver verifies a delivery (shown on the page; kept here so it is tested to stay in sync). */
export const PYTHON_VERIFY_SNIPPET = `import base64, hashlib, hmac, time

def verify(secret: str, headers: dict, body: bytes, tolerance: int = 300) -> bool:
    """True when a ScoreBridge delivery is authentic (Standard Webhooks)."""
    msg_id = headers["webhook-id"]
    timestamp = headers["webhook-timestamp"]
    if abs(time.time() - int(timestamp)) > tolerance:
        return False  # too old or from the future: possible replay
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{msg_id}.{timestamp}.".encode() + body  # body: the raw request bytes
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    # the header may hold several space-separated signatures, e.g. "v1,abc= v1,def="
    return any(
        hmac.compare_digest(expected, sig.removeprefix("v1,"))
        for sig in headers["webhook-signature"].split()
        if sig.startswith("v1,")
    )
`;
