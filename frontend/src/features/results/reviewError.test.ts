import i18n from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import zhCN from '../../lib/i18n/zh-CN';
import { ApiError } from '../../lib/problem';
import { reviewErrorMessage } from './reviewError';

const t = i18n.t.bind(i18n);

describe('review error messages', () => {
  beforeAll(async () => {
    await i18n.init({ lng: 'zh-CN', resources: { 'zh-CN': { translation: zhCN } }, interpolation: { escapeValue: false } });
  });

  it('names the current state of a single result on 409', () => {
    const err = new ApiError(409, { status: 409, detail: 'x', current_status: { r1: 'confirmed' } });
    expect(reviewErrorMessage(err, 'return', ['r1'], t)).toBe('该结果当前状态为 已确认,无法退回。');
  });

  it('lists the blocking results by name in bulk', () => {
    const err = new ApiError(409, { status: 409, current_status: { r2: 'rejected' } });
    const msg = reviewErrorMessage(err, 'confirm', ['r1', 'r2'], t, (id) => (id === 'r2' ? '李四' : id));
    expect(msg).toBe('部分结果已不是待审核状态,全部未处理:李四(已驳回)');
  });

  it('lists missing results on a bulk 404 and falls back to the detail', () => {
    const named = new ApiError(404, { status: 404, ids: ['r9'] });
    expect(reviewErrorMessage(named, 'confirm', ['r1', 'r9'], t, () => '王五')).toContain('王五');
    const bare = new ApiError(404, { status: 404, detail: 'No result with id r9' });
    expect(reviewErrorMessage(bare, 'confirm', ['r1', 'r9'], t)).toContain('No result with id r9');
  });
});
