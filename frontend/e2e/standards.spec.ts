import { expect, test } from '@playwright/test';
import { loginAs, menuItem } from './helpers';

test('hr edits a standard, sees the what-if, saves it, and the workbench shows the new pass/fail', async ({ page }) => {
  test.setTimeout(120_000);
  await loginAs(page, 'hr');
  await menuItem(page, '岗位').click();
  const row = page.getByRole('row').filter({ hasText: '销售代表' });
  await row.getByRole('link', { name: '调整标准' }).click();
  await expect(page.getByRole('heading', { name: '岗位面试标准' })).toBeVisible();
  const positionId = new URL(page.url()).searchParams.get('position');
  expect(positionId).toBeTruthy();
  await expect(page.getByText('当前版本 v1')).toBeVisible();

  // edit: a much stricter pass line; the what-if follows
  const whatIf = page.getByTestId('what-if');
  await expect(whatIf.getByText('草稿通过率')).toBeVisible();
  const passLine = page.getByRole('spinbutton', { name: '及格线(加权总分)' });
  await passLine.fill('98');
  await passLine.press('Tab');
  await expect(whatIf.getByTestId('draft-pass-rate')).toContainText('0.0%');
  await expect(whatIf.getByTestId('flips')).not.toContainText('−0');
  await whatIf.getByText(/将变为不通过的人/).click();
  await expect(whatIf.getByRole('listitem').first()).toBeVisible();

  // save as v2 and judge the earlier results again
  await page.getByRole('button', { name: '保存为新版本' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('修改说明').fill('季度会议:提高及格线');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText(/已重新评估 \d+ 份结果/)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('当前版本 v2')).toBeVisible();
  await expect(page.getByTestId('version-history')).toContainText('季度会议:提高及格线');

  // the workbench: every result of the position now fails, under v2
  await page.goto(`/workbench?status=all&position_id=${positionId}&sort=-weighted_total`);
  await expect(page.getByRole('heading', { name: '审核工作台' })).toBeVisible({ timeout: 30_000 });
  const first = page.getByTestId('results-table').locator('.ant-table-tbody tr.ant-table-row').first();
  await expect(first.getByTestId('verdict-tag')).toHaveText('未达标', { timeout: 30_000 });
  await expect(first.getByTestId('verdict')).toContainText('v2');
  await page.getByTestId('verdict-filter').click();
  await page.getByTitle('达标', { exact: true }).click();
  await expect(page).toHaveURL(/passed=true/);
  await expect(page.locator('.ant-table-tbody tr.ant-table-row')).toHaveCount(0);
});

test('the analytics page leads to the standard, the profile shows the fit and the Q3 pack downloads', async ({ page }) => {
  test.setTimeout(60_000);
  await loginAs(page, 'hr');
  await page.goto('/analytics?outcome=销售业绩');
  await page.getByRole('button', { name: '调整标准' }).click();
  await expect(page).toHaveURL(/\/standards\?outcome=/);
  await expect(page.getByText('先选择一个岗位')).toBeVisible();

  await menuItem(page, '分析报告').click();
  await expect(page.getByRole('heading', { name: '分析报告' })).toBeVisible();
  const pack = page.getByTestId('reports-table').getByRole('row').filter({ hasText: '2026-Q3' }).first();
  await expect(pack).toContainText('已生成');
  const download = page.waitForEvent('download');
  await pack.getByRole('button', { name: '2026-Q3 PDF' }).click();
  expect((await download).suggestedFilename()).toMatch(/2026-Q3.*\.pdf$/);

  await menuItem(page, '人员').click();
  await page.getByPlaceholder('搜索人员姓名或工号').fill('E1001');
  await page.getByPlaceholder('搜索人员姓名或工号').press('Enter');
  await page.getByRole('row').filter({ hasText: '张伟' }).getByRole('link', { name: '人才档案' }).click();
  await expect(page.getByTestId('fit-card')).toBeVisible();
  await expect(page.getByTestId('fit-item').first()).toBeVisible();
});
