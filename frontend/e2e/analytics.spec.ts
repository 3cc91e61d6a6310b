import { expect, test, type APIRequestContext } from '@playwright/test';
import { DEMO, DEMO_PASSWORD, loginAs, menuItem } from './helpers';

// 24 people with confirmed interview results (risk-awareness 45–91), so that with the demo
// employees E1002 and E1003 there are enough people for a correlation and on both sides of the
// threshold explorer's line at 70 (n ≥ 10 each).
const PEOPLE = Array.from({ length: 24 }, (_, i) => ({ no: `E70${String(i + 1).padStart(2, '0')}`, risk: 45 + i * 2 }));

function resultsCsv(): string {
  const header = '工号,姓名,部门,岗位,批次,面试时间,总分,满分,维度:risk-awareness,维度:communication,维度:logic';
  const rows = PEOPLE.map((p, i) => `${p.no},测试${i + 1},risk,risk-analyst,2026-risk-q3,2026-0${(i % 6) + 3}-15 10:00,${p.risk - 2},100,${p.risk},${70 + (i % 5)},${65 + (i % 7)}`);
  return `\ufeff${[header, ...rows].join('\r\n')}\r\n`;
}

function performanceCsv(metric: string): string {
  // outcome ≈ 0.4 × risk-awareness + 40, plus a little noise; one bad row (not a number)
  const rows = PEOPLE.map((p, i) => `${p.no},2026-Q3,${metric},${(0.4 * p.risk + 40 + ((i % 3) - 1) * 1.5).toFixed(1)}`);
  // demo employees (not E1001: workbench.spec expects the demo employee's profile without performance)
  rows.push(`E1002,2026-Q3,${metric},76.5`, `E1003,2026-Q3,${metric},71`);
  rows.push(`E1003,2026-Q4,${metric},不是数字`);
  return `\ufeff工号,周期,指标,数值\r\n${rows.join('\r\n')}\r\n`;
}

async function hrToken(request: APIRequestContext): Promise<string> {
  const res = await request.post('/api/v1/auth/token', { form: { grant_type: 'password', username: DEMO.hr, password: DEMO_PASSWORD } });
  expect(res.ok()).toBeTruthy();
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Imports the interview results through the API and waits for the job to finish. */
async function seedResults(request: APIRequestContext): Promise<void> {
  const headers = { Authorization: `Bearer ${await hrToken(request)}` };
  const res = await request.post('/api/v1/imports', {
    headers,
    multipart: { file: { name: 'results.csv', mimeType: 'text/csv', buffer: Buffer.from(resultsCsv()) }, kind: 'results', dry_run: 'false' },
  });
  expect(res.status(), await res.text()).toBe(202);
  const { id } = (await res.json()) as { id: string };
  await expect
    .poll(async () => ((await (await request.get(`/api/v1/imports/${id}`, { headers })).json()) as { status: string }).status, { timeout: 20_000 })
    .toBe('succeeded');
}

test('hr imports performance data with the wizard and the dashboard shows the correlation', async ({ page, request }) => {
  test.setTimeout(90_000);
  const metric = `e2e绩效${Date.now().toString(36)}`;
  await seedResults(request);
  await loginAs(page, 'hr');

  // before: no performance data for this metric
  await page.goto(`/analytics?dimension=risk-awareness&outcome=${encodeURIComponent(metric)}`);
  await expect(page.getByRole('heading', { name: '数据分析' })).toBeVisible();
  const correlation = page.getByTestId('card-correlation');
  await expect(correlation).toContainText('数据不足');
  await expect(correlation.getByTestId('empty-import-link')).toBeVisible();
  await expect(page.getByTestId('distribution-stats')).toContainText('n=');

  // the import wizard: upload → check → import
  await menuItem(page, '数据导入').click();
  await expect(page.getByRole('heading', { name: '数据导入' })).toBeVisible();
  await page.getByRole('radio', { name: '绩效' }).check();
  await expect(page.getByText('支持 CSV(UTF-8、UTF-8 BOM、GBK)和 XLSX,最大 50 MB')).toBeVisible();
  await page
    .getByTestId('import-wizard')
    .locator('input[type=file]')
    .setInputFiles({ name: 'performance.csv', mimeType: 'text/csv', buffer: Buffer.from(performanceCsv(metric)) });
  await page.getByTestId('import-check').click();

  const report = page.getByTestId('import-report');
  await expect(report.getByTestId('report-total')).toContainText('27');
  await expect(report.getByTestId('report-valid')).toContainText('26');
  const errors = page.getByTestId('import-errors');
  await expect(errors).toContainText('28');
  await expect(errors).toContainText('数值');
  const errorRows = page.waitForEvent('download');
  await page.getByTestId('download-errors').click();
  expect((await errorRows).suggestedFilename()).toBe('performance-errors.csv');

  await page.getByTestId('import-commit').click();
  await expect(page.getByTestId('import-done')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('import-progress-text')).toHaveText('已写入 26 / 26 行');
  await expect(page.getByTestId('import-history')).toContainText('performance.csv');

  // after: the imported metric is offered in the outcome picker, and the correlation card
  // shows the statistics in a sentence
  await page.goto('/analytics?dimension=risk-awareness');
  await page.getByTestId('outcome-input').click();
  await page.locator('.ant-select-item-option-content', { hasText: `${metric} · 26 人` }).click();
  await expect(page).toHaveURL(new RegExp(`outcome=${encodeURIComponent(metric)}`));
  const sentence = page.getByTestId('correlation-sentence');
  await expect(sentence).toContainText('n=26');
  await expect(sentence).toContainText(/风险意识每高 10 分,e2e绩效\w+平均高 \d+\.\d 分,r=0\.\d\d, p[<=]0\.\d+, n=26/);
  await expect(page.getByTestId('correlation-chart')).toBeVisible();
  await expect(page.getByTestId('card-threshold')).toContainText('Welch t');

  const csv = page.waitForEvent('download');
  await page.getByTestId('distribution-csv').click();
  expect((await csv).suggestedFilename()).toBe('distribution.csv');
  const png = page.waitForEvent('download');
  await page.getByTestId('correlation-png').click();
  expect((await png).suggestedFilename()).toBe('correlation.png');
});

test('a card served from a saved answer older than the latest changes says how old it is', async ({ page }) => {
  // The demo computes in milliseconds, so the server never serves it stale: add the Age
  // header the server sends for a large organisation's stale answer to the real response.
  await page.route('**/api/v1/analytics/distribution?**', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), age: '180', 'cache-status': 'ScoreBridge; hit; detail=stale' } });
  });
  await loginAs(page, 'hr');
  await page.goto('/analytics');
  await expect(page.getByTestId('distribution-stale')).toHaveText('3 分钟前的结果');
  await expect(page.getByTestId('trends-stale')).toHaveCount(0);
});
