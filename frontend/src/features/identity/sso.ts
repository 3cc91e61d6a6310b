// Enterprise sign-in on the login page: which providers to offer, when to start one at once
// (inside the WeCom or DingTalk client) and what a `?error=` code says.
import type { TFunction } from 'i18next';
import { publicApi } from '../../api/http';
import type { components } from '../../api/schema';
import { SESSION_HINT } from '../../lib/auth/session';
import { call } from '../../lib/problem';

export type SignInProvider = components['schemas']['ProviderButton'];
export type ProviderKind = SignInProvider['kind'];

export function fetchProviders(): Promise<SignInProvider[]> {
  return call(publicApi.GET('/api/v1/auth/providers'));
}

/** The provider whose own client shows this page (WeCom: `wxwork`, DingTalk: `DingTalk`). */
export function clientProvider(userAgent: string, providers: readonly SignInProvider[]): SignInProvider | null {
  const ua = userAgent.toLowerCase();
  const kind: ProviderKind | null = ua.includes('wxwork') ? 'wecom' : ua.includes('dingtalk') ? 'dingtalk' : null;
  return providers.find((p) => p.kind === kind) ?? null;
}

/** Where the browser goes to start a sign-in that ends at `next`. */
export function startUrl(provider: SignInProvider, next: string): string {
  return `${provider.start_url}?${new URLSearchParams({ next }).toString()}`;
}

/** Leave for the provider; the page that comes back restores the sign-in from the cookie. */
export function startSignIn(provider: SignInProvider, next: string): void {
  try {
    localStorage.setItem(SESSION_HINT, '1');
  } catch {
    // private mode: the sign-in still works, the next page load just cannot restore it
  }
  window.location.assign(startUrl(provider, next));
}

const CODES = [
  'sso_unavailable',
  'sso_state',
  'sso_denied',
  'sso_provider',
  'sso_token',
  'sso_unverified_email',
  'sso_unknown_person',
  'sso_ambiguous',
  'sso_no_account',
  'sso_account_disabled',
  'sso_failed',
] as const;

/** The login page's message for `?error=<code>` (null: no enterprise sign-in error). */
export function ssoErrorMessage(code: string | null, t: TFunction): string | null {
  if (!code) return null;
  const known = (CODES as readonly string[]).includes(code) ? code : 'unknown';
  return t(`sso.error.${known}`);
}

// What the server calls an OIDC provider whose config gives no `name`.
const DEFAULT_OIDC_NAME = '企业账号';

/** The button's label: the configured name of an OIDC provider, else the kind's own name. */
export function providerLabel(provider: SignInProvider, t: TFunction): string {
  const named = provider.kind === 'oidc' && provider.name !== DEFAULT_OIDC_NAME;
  const name = named ? provider.name : t(`sso.kind.${provider.kind}`);
  return t('sso.signInWith', { name });
}
