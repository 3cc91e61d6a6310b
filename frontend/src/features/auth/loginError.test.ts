import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import i18n from '../../lib/i18n';
import { ApiError } from '../../lib/problem';
import { loginErrorMessage, safeNext } from './loginError';

const t = i18n.getFixedT('zh-CN') as unknown as TFunction;

describe('loginErrorMessage', () => {
  it('tells how many attempts are left', () => {
    const err = new ApiError(401, { type: 'x', title: 'x', status: 401, attempts_left: 3 });
    expect(loginErrorMessage(err, t)).toBe('密码错误,还可尝试 3 次');
  });

  it('says the account is now locked after the last attempt', () => {
    const err = new ApiError(401, { type: 'x', title: 'x', status: 401, attempts_left: 0 });
    expect(loginErrorMessage(err, t)).toBe('密码错误次数过多,账号已锁定,请稍后再试');
  });

  it('tells how long a lock lasts, rounded up to minutes', () => {
    const err = new ApiError(429, { type: 'x', title: 'x', status: 429 }, 800);
    expect(loginErrorMessage(err, t)).toBe('账号已锁定,请 14 分钟后再试');
  });

  it('has a plain message for network failures', () => {
    expect(loginErrorMessage(new ApiError(0, {}), t)).toBe('无法连接服务器,请检查网络后重试。');
  });
});

describe('safeNext', () => {
  it('follows only same-site paths', () => {
    expect(safeNext('/people?q=1')).toBe('/people?q=1');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});
