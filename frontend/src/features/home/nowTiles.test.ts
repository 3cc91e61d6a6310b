import { beforeAll, describe, expect, it } from 'vitest';
import i18n from '../../lib/i18n';
import { nowTiles } from './NowTiles';

beforeAll(async () => {
  await i18n.changeLanguage('zh-CN');
});

const empty = {
  pending_reviews: null,
  new_results_this_week: null,
  open_feedback: null,
  overdue_feedback: null,
  open_privacy_requests: null,
  overdue_privacy_requests: null,
  failed_deliveries: null,
  failed_webhook_messages: null,
};

describe('nowTiles', () => {
  it("a department head sees pending, new and their departments' open questions, without a link to HR's inbox", () => {
    const tiles = nowTiles({ ...empty, pending_reviews: 4, new_results_this_week: 2, open_feedback: 1, overdue_feedback: 0 }, new Set(['workbench']), false, i18n.t);
    expect(tiles.map((x) => [x.key, x.count])).toEqual([
      ['pending', 4],
      ['new', 2],
      ['feedback', 1],
    ]);
    expect(tiles[2]!.to).toBeUndefined();
    expect(tiles.every((x) => x.hint.length > 0)).toBe(true);
  });

  it("HR's pending count is the banner, not a tile; overdue work is flagged", () => {
    const summary = { ...empty, pending_reviews: 35, new_results_this_week: 40, open_feedback: 3, overdue_feedback: 2, open_privacy_requests: 1, overdue_privacy_requests: 0 };
    const tiles = nowTiles(summary, new Set(['workbench', 'feedback-inbox', 'privacy-requests']), true, i18n.t);
    expect(tiles.map((x) => x.key)).toEqual(['new', 'feedback', 'privacy']);
    expect(tiles[1]!.alert).toBe('2 个已超期');
    expect(tiles[1]!.to).toBe('/feedback-inbox');
    expect(tiles[2]!.alert).toBeNull();
  });

  it('an admin sees failed deliveries and webhooks', () => {
    const tiles = nowTiles({ ...empty, failed_deliveries: 2, failed_webhook_messages: 0 }, new Set(['vendors', 'webhook-endpoints']), true, i18n.t);
    expect(tiles.map((x) => [x.key, x.count, x.to])).toEqual([
      ['deliveries', 2, '/vendors'],
      ['webhooks', 0, '/webhook-endpoints'],
    ]);
  });

  it('an employee has nothing here', () => {
    expect(nowTiles(empty, new Set(['my-results']), false, i18n.t)).toEqual([]);
  });
});
