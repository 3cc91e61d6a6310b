import { describe, expect, it } from 'vitest';
import i18n from '../../lib/i18n';
import { clientProvider, providerLabel, ssoErrorMessage, startUrl, type SignInProvider } from './sso';

const wecom: SignInProvider = { kind: 'wecom', name: '企业微信', start_url: '/api/v1/auth/sso/wecom/start' };
const dingtalk: SignInProvider = { kind: 'dingtalk', name: '钉钉', start_url: '/api/v1/auth/sso/dingtalk/start' };
const oidc: SignInProvider = { kind: 'oidc', name: 'Keycloak', start_url: '/api/v1/auth/sso/oidc/start' };

describe('enterprise sign-in on the login page', () => {
  it('starts the provider whose client shows the page', () => {
    const all = [oidc, wecom, dingtalk];
    expect(clientProvider('Mozilla/5.0 (iPhone) wxwork/4.1.30 MicroMessenger/7.0.1', all)).toBe(wecom);
    expect(clientProvider('Mozilla/5.0 (Linux; Android) DingTalk/7.6.0', all)).toBe(dingtalk);
    expect(clientProvider('Mozilla/5.0 (Windows NT 10.0) Chrome/130', all)).toBeNull();
    expect(clientProvider('wxwork/4.1.30', [oidc])).toBeNull();
  });

  it('passes next to the start', () => {
    expect(startUrl(wecom, '/my-results?tab=1')).toBe('/api/v1/auth/sso/wecom/start?next=%2Fmy-results%3Ftab%3D1');
  });

  it('words every error code, unknown ones too', async () => {
    await i18n.changeLanguage('en');
    const t = i18n.t.bind(i18n);
    expect(ssoErrorMessage('sso_unknown_person', t)).toContain('Nobody in ScoreBridge');
    expect(ssoErrorMessage('<script>', t)).toBe(t('sso.error.unknown'));
    expect(ssoErrorMessage(null, t)).toBeNull();
    expect(providerLabel(oidc, t)).toBe('Sign in with Keycloak');
    expect(providerLabel(wecom, t)).toBe('Sign in with WeCom');
    await i18n.changeLanguage('zh-CN');
    expect(providerLabel(wecom, i18n.t.bind(i18n))).toBe('企业微信登录');
    expect(ssoErrorMessage('sso_state', i18n.t.bind(i18n))).toContain('重新登录');
  });
});
