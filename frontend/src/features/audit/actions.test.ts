import { beforeAll, describe, expect, it } from 'vitest';
import i18n from '../../lib/i18n';
import { actionName, AUDIT_ACTIONS } from './actions';

beforeAll(async () => {
  await i18n.changeLanguage('zh-CN');
});

describe('audit action names', () => {
  it('reads codes in words, in both languages, and keeps unknown codes as they are', async () => {
    expect(actionName(i18n.t, 'results.listed')).toBe('查看结果列表');
    expect(AUDIT_ACTIONS).toContain('results.listed');
    expect(actionName(i18n.t, 'something.new')).toBe('something.new');
    await i18n.changeLanguage('en');
    expect(actionName(i18n.t, 'results.listed')).toBe('Results listed');
    await i18n.changeLanguage('zh-CN');
  });
});
