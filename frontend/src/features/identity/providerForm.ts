// The settings form of each identity provider: its fields, and the config it sends (a stored
// secret left empty is sent as "***", which keeps it while the addresses are unchanged).
import type { ProviderKind } from './sso';

export type FieldType = 'text' | 'url' | 'secret' | 'match' | 'boolean';

export interface ProviderField {
  name: string;
  type: FieldType;
  required?: boolean;
  placeholder?: string;
}

const PROVISION: ProviderField = { name: 'provision', type: 'boolean' };

export const PROVIDER_KINDS: readonly ProviderKind[] = ['wecom', 'dingtalk', 'oidc'];

export function fieldsFor(kind: ProviderKind): ProviderField[] {
  if (kind === 'oidc')
    return [
      { name: 'issuer', type: 'url', required: true, placeholder: 'https://id.example.com/realms/corp' },
      { name: 'client_id', type: 'text', required: true },
      { name: 'client_secret', type: 'secret', required: true },
      { name: 'scopes', type: 'text', placeholder: 'openid email profile' },
      { name: 'match', type: 'match' },
      { name: 'employee_no_claim', type: 'text', placeholder: 'employee_no' },
      { name: 'name', type: 'text', placeholder: 'Keycloak' },
      PROVISION,
    ];
  if (kind === 'wecom')
    return [
      { name: 'corp_id', type: 'text', required: true, placeholder: 'ww…' },
      { name: 'agent_id', type: 'text', required: true, placeholder: '1000002' },
      { name: 'secret', type: 'secret', required: true },
      { name: 'api_base', type: 'url', placeholder: 'https://qyapi.weixin.qq.com' },
      PROVISION,
    ];
  return [
    { name: 'client_id', type: 'text', required: true, placeholder: 'ding…' },
    { name: 'client_secret', type: 'secret', required: true },
    { name: 'agent_id', type: 'text', required: true },
    { name: 'api_base', type: 'url', placeholder: 'https://api.dingtalk.com' },
    { name: 'oapi_base', type: 'url', placeholder: 'https://oapi.dingtalk.com' },
    PROVISION,
  ];
}

export type FormValues = Record<string, string | boolean | undefined>;

/** The form's starting values: the stored config, secrets empty. */
export function initialValues(kind: ProviderKind, config: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const f of fieldsFor(kind)) {
    const v = config[f.name];
    if (f.type === 'boolean') values[f.name] = v !== false;
    else if (f.type === 'match') values[f.name] = typeof v === 'string' ? v : 'email';
    else if (f.type !== 'secret') values[f.name] = v === undefined || v === null ? '' : String(v);
  }
  return values;
}

/** The secrets already stored (shown as "***" by the server). */
export function storedSecrets(config: Record<string, unknown>): Set<string> {
  return new Set(Object.entries(config).filter(([, v]) => v === '***').map(([k]) => k));
}

/** The config to send: empty optional fields left out, kept secrets as "***". */
export function toConfig(kind: ProviderKind, values: FormValues, stored: Set<string>): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const f of fieldsFor(kind)) {
    const v = values[f.name];
    if (f.type === 'boolean') config[f.name] = Boolean(v);
    else if (f.type === 'secret') {
      const typed = typeof v === 'string' ? v : '';
      if (typed) config[f.name] = typed;
      else if (stored.has(f.name)) config[f.name] = '***';
    } else if (typeof v === 'string' && v.trim()) config[f.name] = v.trim();
  }
  if (kind === 'oidc' && config.match !== 'employee_no') delete config.employee_no_claim;
  return config;
}
