import { expect, test } from '@playwright/test';
import { loginAs } from './helpers';

// Each role's home answers "what needs me now" with counts (GET /me/home), in the role's scope.

test('the department head sees counts of their departments and no link to HR-only pages', async ({ page }) => {
  await loginAs(page, 'dept_head');
  const now = page.getByTestId('home-now');
  await expect(now.getByTestId('home-now-pending-count')).toHaveText(/^\d+$/);
  await expect(now.getByTestId('home-now-new-count')).toHaveText(/^\d+$/);
  await expect(now.getByTestId('home-now-feedback')).toContainText('未解决的疑问');
  await expect(now.locator('a[href="/feedback-inbox"]')).toHaveCount(0);
  await expect(page.getByTestId('home-pending-card')).toHaveCount(0); // the review banner is HR's
});

test("HR's pending count is shown once, with open questions and privacy requests beside it", async ({ page }) => {
  await loginAs(page, 'hr');
  await expect(page.getByTestId('home-pending-count')).toHaveText(/^\d+$/);
  await expect(page.getByTestId('home-now-pending')).toHaveCount(0);
  await expect(page.getByTestId('home-pending')).toHaveCount(0);
  await expect(page.getByTestId('home-now-feedback-count')).toHaveText(/^\d+$/);
  await expect(page.getByTestId('home-now-privacy-count')).toHaveText(/^\d+$/);
});

test('the admin sees failed deliveries and webhooks, and every tile says what it is for', async ({ page }) => {
  await loginAs(page, 'admin');
  await expect(page.getByTestId('home-now-deliveries-count')).toHaveText(/^\d+$/);
  await expect(page.getByTestId('home-now-webhooks-count')).toHaveText(/^\d+$/);
  for (const key of ['users', 'vendors', 'clients', 'people', 'audit']) {
    await expect(page.getByTestId(`home-${key}`).locator('.ant-typography-secondary')).not.toBeEmpty();
  }
});

test('the department head finds no import button on analytics (they may not import)', async ({ page }) => {
  await loginAs(page, 'dept_head');
  await page.goto('/analytics?outcome=%E6%B2%A1%E6%9C%89%E8%BF%99%E4%B8%AA%E6%8C%87%E6%A0%87');
  await expect(page.getByTestId('card-correlation')).toContainText('数据不足');
  await expect(page.getByTestId('empty-import-link')).toHaveCount(0);
});

test('analytics picks the most common imported metric when none is chosen', async ({ page }) => {
  await loginAs(page, 'hr');
  await page.goto('/analytics?dimension=risk-awareness');
  // the dashboard's cards load first on a busy machine
  await expect(page.getByTestId('outcome-input')).toContainText('合规绩效', { timeout: 30_000 });
  await expect(page.getByTestId('correlation-sentence')).toContainText('合规绩效', { timeout: 30_000 });
});

test('a trend of one month says so instead of drawing a lone dot', async ({ page }) => {
  await loginAs(page, 'hr');
  await page.route('**/api/v1/analytics/trends?**', (route) =>
    route.fulfill({ json: { dimension: 'total', group_by: 'position', series: [{ key: 'x', label: '销售代表', points: [{ month: '2026-11', n: 1, mean: 80 }] }] } }),
  );
  await page.goto('/analytics?from=2026-11-01&to=2026-11-29');
  await expect(page.getByTestId('trends-single')).toContainText('目前只有一次面试(2026-11)');
});

test('a search without hits says so, not "all done"', async ({ page }) => {
  await loginAs(page, 'hr');
  await page.goto('/workbench?q=%E6%B2%A1%E6%9C%89%E8%BF%99%E4%B8%AA%E4%BA%BA');
  await expect(page.getByTestId('workbench-empty')).toContainText('没有找到“没有这个人”相关的结果');
  await expect(page.getByTestId('workbench-empty')).not.toContainText('太好了');
});

test("the department head's workbench is titled as read-only", async ({ page }) => {
  await loginAs(page, 'dept_head');
  await page.goto('/workbench');
  await expect(page.getByRole('heading', { name: '面试结果' })).toBeVisible();
});
