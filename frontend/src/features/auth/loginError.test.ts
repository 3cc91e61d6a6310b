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

  it('says the next try must wait after the last free attempt', () => {
    const err = new ApiError(401, { type: 'x', title: 'x', status: 401, attempts_left: 0 });
    expect(loginErrorMessage(err, t)).toBe('密码错误次数过多,再次尝试需要等待一会儿');
  });

  it('tells how long to wait: seconds when short, else minutes rounded up', () => {
    expect(loginErrorMessage(new ApiError(429, { type: 'x', title: 'x', status: 429 }, 5), t)).toBe('尝试次数过多,请 5 秒后再试');
    expect(loginErrorMessage(new ApiError(429, { type: 'x', title: 'x', status: 429 }, 800), t)).toBe('尝试次数过多,请 14 分钟后再试');
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
