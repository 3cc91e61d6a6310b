// Admin channel forms: which fields each channel has, and the config a save sends. Secrets come
// back as "***": the form shows them empty ("stored, leave empty to keep") and sends a new value
// only when one was typed; "***" tells the server to keep the stored one.
// WeCom and DingTalk have two modes: "app" (a message to each person's own account) and
// "robot" (a group chat: never personal notices).
import type { NotificationChannelConfig } from '../../api/types';

export type ChannelKind = NotificationChannelConfig['kind'];
export const CHANNEL_KINDS: readonly ChannelKind[] = ['email', 'wecom', 'dingtalk', 'sms', 'webpush'];
export const MASK = '***';

export type FieldType = 'text' | 'url' | 'email' | 'number' | 'secret' | 'boolean';

export interface ChannelField {
  name: string;
  type: FieldType;
  required: boolean;
  /** Largest value of a number field. */
  max?: number;
  /** The label's key when it differs from the name. */
  label?: string;
}

export type ChannelMode = 'app' | 'robot';

export const CHANNEL_FIELDS: Record<ChannelKind, ChannelField[]> = {
  email: [
    { name: 'host', type: 'text', required: true },
    { name: 'port', type: 'number', required: true, max: 65535 },
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

/** App mode fields (the names of the WeCom / DingTalk developer consoles are in README). */
export const APP_FIELDS: Partial<Record<ChannelKind, ChannelField[]>> = {
  wecom: [
    { name: 'corp_id', type: 'text', required: true },
    { name: 'agent_id', type: 'number', required: true, max: 2 ** 31 - 1 },
    { name: 'secret', type: 'secret', required: true, label: 'app_secret' },
    { name: 'api_base', type: 'url', required: false },
  ],
  dingtalk: [
    { name: 'client_id', type: 'text', required: true },
    { name: 'client_secret', type: 'secret', required: true },
    { name: 'agent_id', type: 'number', required: true, max: Number.MAX_SAFE_INTEGER },
    { name: 'oapi_base', type: 'url', required: false },
    { name: 'api_base', type: 'url', required: false },
  ],
};

export type FormValues = Record<string, string | number | boolean | null | undefined>;

/** Whether the channel has an app and a robot mode. */
export function hasModes(kind: ChannelKind): boolean {
  return APP_FIELDS[kind] !== undefined;
}

/** The stored mode (a config without one is a v1 robot); app mode for a new channel. */
export function modeOf(channel: NotificationChannelConfig): ChannelMode {
  if (!channel.configured) return 'app';
  return channel.config.mode === 'app' ? 'app' : 'robot';
}

/** The fields of ``kind`` in ``mode``. */
export function fieldsFor(kind: ChannelKind, mode?: ChannelMode | null): ChannelField[] {
  const app = APP_FIELDS[kind];
  return app && mode === 'app' ? app : CHANNEL_FIELDS[kind];
}

function allFields(kind: ChannelKind): ChannelField[] {
  const seen = new Set<string>();
  return [...CHANNEL_FIELDS[kind], ...(APP_FIELDS[kind] ?? [])].filter((f) => !seen.has(f.name) && seen.add(f.name));
}

/** Secret fields that have a stored value (the server answered "***"). */
export function storedSecrets(channel: NotificationChannelConfig): Set<string> {
  return new Set(
    fieldsFor(channel.kind, modeOf(channel))
      .filter((f) => f.type === 'secret' && channel.config[f.name] === MASK)
      .map((f) => f.name),
  );
}

/** The form's starting values: the config, with secrets empty (and the mode, where there is one). */
export function initialValues(channel: NotificationChannelConfig): FormValues {
  const values: FormValues = hasModes(channel.kind) ? { mode: modeOf(channel) } : {};
  for (const f of allFields(channel.kind)) {
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
  const mode: ChannelMode | null = hasModes(kind) ? (values.mode === 'app' ? 'app' : 'robot') : null;
  const config: Record<string, unknown> = mode ? { mode } : {};
  for (const f of fieldsFor(kind, mode)) {
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
