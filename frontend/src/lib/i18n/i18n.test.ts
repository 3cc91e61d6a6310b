import { describe, expect, it } from 'vitest';
import en from './en';
import zhCN from './zh-CN';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!).sort();
}

function lookup(obj: object, path: string): string {
  return path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], obj) as string;
}

describe('i18n resources', () => {
  it('has the same keys in zh-CN and English', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort());
  });

  it('has no empty strings', () => {
    for (const res of [zhCN, en]) for (const k of keys(res)) expect(lookup(res, k), k).not.toBe('');
  });

  it('uses the same interpolation placeholders in both languages', () => {
    for (const k of keys(zhCN)) expect(placeholders(lookup(en, k)), k).toEqual(placeholders(lookup(zhCN, k)));
  });

  it('says what to do on login errors', async () => {
    const { default: i18n } = await import('./index');
    await i18n.changeLanguage('zh-CN');
    expect(i18n.t('login.badPassword', { count: 3 })).toBe('密码错误,还可尝试 3 次');
    expect(i18n.t('login.locked', { minutes: 14 })).toBe('尝试次数过多,请 14 分钟后再试');
    expect(i18n.t('login.lockedSeconds', { seconds: 5 })).toBe('尝试次数过多,请 5 秒后再试');
    await i18n.changeLanguage('en');
    expect(i18n.t('login.badPassword', { count: 3 })).toBe('Wrong password, 3 attempts left');
  });
});
