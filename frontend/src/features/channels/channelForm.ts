// Admin channel forms: which fields each channel has, and the config a save sends. Secrets come
// back as "***": the form shows them empty ("stored, leave empty to keep") and sends a new value
// only when one was typed; "***" tells the server to keep the stored one.
import type { NotificationChannelConfig } from '../../api/types';

export type ChannelKind = NotificationChannelConfig['kind'];
export const CHANNEL_KINDS: readonly ChannelKind[] = ['email', 'wecom', 'dingtalk', 'sms', 'webpush'];
export const MASK = '***';

export type FieldType = 'text' | 'url' | 'email' | 'number' | 'secret' | 'boolean';

export interface ChannelField {
  name: string;
  type: FieldType;
  required: boolean;
}

export const CHANNEL_FIELDS: Record<ChannelKind, ChannelField[]> = {
  email: [
    { name: 'host', type: 'text', required: true },
    { name: 'port', type: 'number', required: true },
    { name: 'username', type: 'text', required: false },
    { name: 'password', type: 'secret', required: false },
    { name: 'from', type: 'email', required: true },
    { name: 'starttls', type: 'boolean', required: false },
  ],
  wecom: [{ name: 'webhook_url', type: 'url', required: true }],
  dingtalk: [
    { name: 'webhook_url', type: 'url', required: true },
    { name: 'secret', type: 'secret', required: true },
  ],
  sms: [
    { name: 'url', type: 'url', required: true },
    { name: 'api_key', type: 'secret', required: true },
  ],
  webpush: [{ name: 'subject', type: 'text', required: true }],
};

export type FormValues = Record<string, string | number | boolean | null | undefined>;

/** Secret fields that have a stored value (the server answered "***"). */
export function storedSecrets(channel: NotificationChannelConfig): Set<string> {
  return new Set(
    CHANNEL_FIELDS[channel.kind].filter((f) => f.type === 'secret' && channel.config[f.name] === MASK).map((f) => f.name),
  );
}

/** The form's starting values: the config, with secrets empty. */
export function initialValues(channel: NotificationChannelConfig): FormValues {
  const values: FormValues = {};
  for (const f of CHANNEL_FIELDS[channel.kind]) {
    const v = channel.config[f.name];
    if (f.type === 'secret') values[f.name] = '';
    else if (f.type === 'boolean') values[f.name] = Boolean(v);
    else if (f.type === 'number') values[f.name] = typeof v === 'number' ? v : f.name === 'port' && !channel.configured ? 587 : undefined;
    else values[f.name] = typeof v === 'string' ? v : '';
  }
  return values;
}

/** The `config` to PUT: empty optional fields left out, secrets only when typed (else "***" if stored). */
export function toConfig(kind: ChannelKind, values: FormValues, stored: Set<string>): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const f of CHANNEL_FIELDS[kind]) {
    const v = values[f.name];
    if (f.type === 'secret') {
      if (typeof v === 'string' && v !== '') config[f.name] = v;
      else if (stored.has(f.name)) config[f.name] = MASK;
    } else if (f.type === 'boolean') {
      config[f.name] = Boolean(v);
    } else if (f.type === 'number') {
      if (typeof v === 'number' && Number.isFinite(v)) config[f.name] = v;
    } else if (typeof v === 'string' && v.trim() !== '') {
      config[f.name] = v.trim();
    }
  }
  return config;
}

/** A secret field is required in the form only when nothing is stored yet. */
export function secretRequired(field: ChannelField, stored: Set<string>): boolean {
  return field.required && !stored.has(field.name);
}
