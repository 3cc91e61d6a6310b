import { expect, test, type Page } from '@playwright/test';
import { loginAs, menuItem } from './helpers';

const rows = (page: Page) => page.locator('.ant-table-tbody tr.ant-table-row');

async function openWorkbench(page: Page, query = '') {
  await page.goto(`/workbench${query}`);
  await expect(page.getByRole('heading', { name: '审核工作台' })).toBeVisible();
}

test('hr filters the workbench, keeps the filters in the URL, and sees status counts', async ({ page }) => {
  await loginAs(page, 'hr');
  await expect(page.getByTestId('home-pending-count')).toHaveText(/^\d+$/);
  await page.getByTestId('home-open-workbench').click();
  await expect(page.getByRole('heading', { name: '审核工作台' })).toBeVisible();
  await expect(rows(page).first()).toBeVisible();
  await expect(page.getByTestId('status-count-pending_review')).toBeVisible();
  // every row is pending review by default
  await expect(rows(page).first().getByTestId('result-status')).toHaveText('待审核');

  await page.getByLabel('姓名或工号').fill('E1001');
  await page.getByLabel('姓名或工号').press('Enter');
  await expect(page).toHaveURL(/q=E1001/);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('张伟');

  await page.getByTestId('status-tab-confirmed').click();
  await expect(page).toHaveURL(/status=confirmed/);
  await expect(rows(page)).toHaveCount(2);
  for (const tag of await rows(page).getByTestId('result-status').all()) await expect(tag).toHaveText('已确认');

  await page.getByTestId('export-button').hover();
  const download = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: '导出 CSV' }).click();
  expect((await download).suggestedFilename()).toMatch(/\.csv$/);
});

test('hr confirms two pending results in bulk', async ({ page }) => {
  await loginAs(page, 'hr');
  await openWorkbench(page);
  await expect(rows(page).nth(1)).toBeVisible();
  const ids = [await rows(page).nth(0).getAttribute('data-row-key'), await rows(page).nth(1).getAttribute('data-row-key')];
  await rows(page).nth(0).getByRole('checkbox').check();
  await rows(page).nth(1).getByRole('checkbox').check();
  await expect(page.getByTestId('bulk-bar')).toContainText('已选 2 条');
  await page.getByTestId('bulk-confirm').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('备注').fill('e2e 批量确认');
  await dialog.getByTestId('review-submit').click();
  await expect(page.getByText('已确认 2 条结果')).toBeVisible();
  await expect(page.getByTestId('bulk-bar')).toHaveCount(0);
  await expect(page.locator(`tr[data-row-key="${ids[0]}"]`)).toHaveCount(0);

  for (const id of ids) {
    await page.goto(`/workbench?status=all&result=${id}`);
    const drawer = page.getByRole('dialog');
    await expect(drawer.getByTestId('result-status')).toHaveText('已确认');
    await expect(drawer.getByTestId('review-history')).toContainText('e2e 批量确认');
    await expect(drawer.getByTestId('drawer-review')).toHaveCount(0);
  }
});

test('hr opens a result: radar chart, dimensions, revisions, profile', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await loginAs(page, 'hr');
  await openWorkbench(page, '?status=confirmed&q=E1001');
  await rows(page).first().getByTestId('result-open').click();
  const drawer = page.getByRole('dialog');
  await expect(drawer.getByTestId('result-radar').locator('canvas')).toBeVisible();
  await expect(drawer.getByTestId('result-dimensions').locator('.ant-list-item').first()).toBeVisible();
  await expect(drawer.getByTestId('revision-history')).toContainText('第 1 版');
  await expect(page).toHaveURL(/result=/);
  await drawer.getByRole('button', { name: '人才档案' }).click();
  await expect(page).toHaveURL(/\/people\/.+\/profile$/);
  await expect(page.getByTestId('profile-header')).toContainText('张伟');
  await expect(page.getByTestId('profile-timeline')).toBeVisible();
  await expect(page.getByTestId('profile-total-chart').locator('canvas')).toBeVisible();
  await expect(page.getByText('暂无绩效记录')).toBeVisible();
  expect(errors).toEqual([]);
});

test('the drawer closes with Escape and offers review buttons for pending results', async ({ page }) => {
  await loginAs(page, 'hr');
  await openWorkbench(page);
  await rows(page).first().getByTestId('result-open').click();
  const drawer = page.getByRole('dialog');
  await expect(drawer.getByTestId('drawer-review').getByRole('button', { name: /确\s*认/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page).not.toHaveURL(/result=/);
  await expect(drawer).toBeHidden();
});

test('a department head sees only Sales results, read-only', async ({ page }) => {
  await loginAs(page, 'dept_head');
  await menuItem(page, '面试结果').click();
  await expect(page.getByText('只读:你可以查看结果,但不能审核。')).toBeVisible();
  await expect(page).toHaveURL(/status=all&sort=-total_score/);
  await expect(rows(page).first()).toBeVisible();
  const departments = await page.getByTestId('cell-department').allInnerTexts();
  expect(departments.length).toBeGreaterThan(0);
  for (const d of departments) expect(['销售部', '华东销售部']).toContain(d);
  await expect(page.locator('.ant-table-tbody').getByRole('checkbox')).toHaveCount(0);
  await expect(page.getByTestId('export-button')).toHaveCount(0);
  await rows(page).first().getByTestId('result-open').click();
  const drawer = page.getByRole('dialog');
  await expect(drawer.getByTestId('result-detail')).toBeVisible();
  await expect(drawer.getByTestId('drawer-review')).toHaveCount(0);
});
