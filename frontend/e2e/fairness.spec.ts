import { expect, test } from '@playwright/test';
import { DEMO, DEMO_PASSWORD, login, loginAs, menuItem } from './helpers';

// seed-demo gives every person a gender and a birth year, makes 销售代表 (sales-rep) show
// adverse impact, and creates this auditor.
const AUDITOR = 'auditor@demo.scorebridge.cn';

test('the auditor sees the flagged demo position and downloads the XLSX report', async ({ page }) => {
  test.setTimeout(60_000);
  await login(page, AUDITOR);
  await expect(page).toHaveURL(/\/$/);
  await menuItem(page, '公平性审计').click();
  await expect(page.getByRole('heading', { name: '公平性审计' })).toBeVisible();
  const overview = page.getByTestId('fairness-overview');
  const row = overview.getByRole('row', { name: /销售代表/ });
  await expect(row.getByText('已标记', { exact: true })).toBeVisible();
  await row.getByRole('button', { name: '查看 销售代表' }).click();
  await expect(page).toHaveURL(/position_id=/);
  const detail = page.getByTestId('fairness-detail');
  await expect(detail.getByText('销售代表 · 按性别')).toBeVisible();
  await expect(page.getByTestId('fairness-flag')).toContainText('女的影响比为');
  await expect(page.getByTestId('fairness-chart')).toBeVisible();
  await expect(page.getByTestId('fairness-groups').getByRole('row', { name: /女/ })).toBeVisible();
  await expect(page.getByTestId('fairness-method')).toContainText('等于中位数不计');
  await expect(page.getByTestId('fairness-window')).toContainText('数据区间');
  await expect(detail.getByText('未纳入比较的组')).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('fairness-download').click()]);
  expect(download.suggestedFilename()).toMatch(/^fairness-sales-rep-\d{8}-\d{4}\.xlsx$/);

  await page.getByTestId('fairness-attribute').click();
  await page.locator('.ant-select-item-option', { hasText: '年龄段' }).click();
  await expect(detail.getByText('销售代表 · 按年龄段')).toBeVisible();

  await page.getByRole('tab', { name: '供应商质量' }).click();
  await expect(page.getByTestId('card-vendor-quality')).toBeVisible();
  await expect(page.getByTestId('vendor-quality-table')).toContainText('Imported history');
});

test('the auditor is told about the flagged position', async ({ page }) => {
  await login(page, AUDITOR);
  await expect(page).toHaveURL(/\/$/);
  await menuItem(page, '通知').click();
  await expect(page.getByText('公平性预警:销售代表').first()).toBeVisible();
});

test('HR finds the attributes nowhere', async ({ page, request }) => {
  await loginAs(page, 'hr');
  await expect(menuItem(page, '公平性审计')).toHaveCount(0);
  await page.goto('/fairness');
  await expect(page.getByText('你没有访问此页面的权限')).toBeVisible();
  const hidden = /性别|出生年份|female|年龄段/;
  const pages: [string, RegExp][] = [
    ['/people', /历史候选人/],
    ['/workbench', /张伟|王芳|李娜/],
    ['/analytics', /分布/],
  ];
  for (const [path, shown] of pages) {
    await page.goto(path);
    await expect(page.getByRole('main').getByText(shown).first()).toBeVisible();
    await expect(page.getByText(hidden)).toHaveCount(0);
  }

  const token = await request.post('/api/v1/auth/token', { form: { grant_type: 'password', username: DEMO.hr, password: DEMO_PASSWORD } });
  const headers = { Authorization: `Bearer ${((await token.json()) as { access_token: string }).access_token}` };
  const people = (await (await request.get('/api/v1/people?q=H2000', { headers })).json()) as { items: { id: string }[] };
  const id = people.items[0]!.id;
  expect((await request.get(`/api/v1/people/${id}/attributes`, { headers })).status()).toBe(403);
  const person = await (await request.get(`/api/v1/people/${id}`, { headers })).text();
  const profile = await (await request.get(`/api/v1/people/${id}/profile`, { headers })).text();
  for (const body of [person, profile]) expect(body).not.toMatch(/gender|birth_year|female|"male"/);
  expect((await request.get('/api/v1/analytics/adverse-impact/positions', { headers })).status()).toBe(403);
});
