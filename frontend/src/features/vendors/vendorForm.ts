// The create-vendor form's flat values -> the POST /vendors body (pure, tested).
import type { PollConfig, VendorCreate } from '../../api/types';

export interface VendorFormValues {
  slug: string;
  name: string;
  scheme: 'standard-webhooks' | 'hmac-sha256';
  header?: string;
  prefix?: string;
  auto_confirm?: boolean;
  expression?: string;
  poll_enabled?: boolean;
  poll_url?: string;
  poll_interval?: number;
  poll_items?: string;
  poll_cursor_param?: string;
  poll_cursor_next?: string;
}

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

export const VENDOR_FORM_DEFAULTS: Partial<VendorFormValues> = {
  scheme: 'standard-webhooks',
  header: 'X-Signature',
  prefix: 'sha256=',
  auto_confirm: false,
  poll_enabled: false,
  poll_interval: 300,
  poll_items: 'items',
  poll_cursor_param: 'since',
};

const text = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);

export function pollConfig(values: VendorFormValues): PollConfig | null {
  const url = text(values.poll_url);
  if (!values.poll_enabled || !url) return null;
  const next = text(values.poll_cursor_next);
  return {
    url,
    interval_seconds: values.poll_interval ?? 300,
    headers: {},
    items: text(values.poll_items) ?? 'items',
    cursor: next ? { param: text(values.poll_cursor_param) ?? 'since', next } : null,
  };
}

export function vendorCreateBody(values: VendorFormValues): VendorCreate {
  const signing: VendorCreate['signing'] =
    values.scheme === 'hmac-sha256'
      ? { scheme: 'hmac-sha256', header: text(values.header) ?? 'X-Signature', prefix: values.prefix ?? '' }
      : { scheme: 'standard-webhooks' };
  const expression = text(values.expression);
  return {
    slug: values.slug.trim(),
    name: values.name.trim(),
    signing,
    mapping: expression ? { expression } : null,
    poll: pollConfig(values),
    auto_confirm: Boolean(values.auto_confirm),
  };
}
