import { expect, test, type Page } from '@playwright/test';
import { loginAs, menuItem, navigateInApp } from './helpers';

const rows = (page: Page) => page.locator('.ant-table-tbody tr.ant-table-row');

async function openWorkbench(page: Page, query = '') {
  await navigateInApp(page, `/workbench${query}`);
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
    await navigateInApp(page, `/workbench?status=all&result=${id}`);
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

test('hr reviews a queue from the drawer: confirm moves on to the next pending; J/K/C/R shortcuts', async ({ page }) => {
  test.slow(); // five reviews in one scenario: ~30 s alone on a slow 2-core host, the default budget
  await loginAs(page, 'hr');
  await openWorkbench(page);
  await expect(rows(page).nth(4)).toBeVisible();
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push((await rows(page).nth(i).getAttribute('data-row-key'))!);
  const at = async (i: number) => {
    await expect(page).toHaveURL(new RegExp(`result=${ids[i]}`));
    await expect(page.locator(`[data-testid="result-detail"][data-result-id="${ids[i]}"]`)).toBeVisible();
  };

  // typing a J into the search box opens nothing
  await page.getByLabel('姓名或工号').fill('j');
  await expect(page).not.toHaveURL(/result=/);
  await page.getByLabel('姓名或工号').fill('');
  await page.getByRole('heading', { name: '审核工作台' }).click();

  await page.keyboard.press('j');
  await at(0);
  const drawer = page.getByRole('dialog');
  await expect(drawer.getByTestId('queue-position')).toContainText('第 1 /');
  await expect(drawer.getByTestId('shortcut-hint')).toContainText('J');
  await expect(drawer.getByTestId('result-detail')).toBeVisible();
  await page.keyboard.press('j');
  await at(1);
  await page.keyboard.press('k');
  await at(0);

  // 确认 in the drawer: the next pending result opens
  await expect(drawer.getByTestId('result-detail')).toBeVisible();
  await drawer.getByTestId('drawer-review').getByRole('button', { name: /确\s*认/ }).click();
  const dialog = page.locator('.ant-modal');
  await dialog.getByTestId('review-submit').click();
  await at(1);
  await expect(page.getByRole('dialog').getByTestId('result-status')).toHaveText('待审核');

  // C confirms at once and moves on
  await page.keyboard.press('c');
  await at(2);
  await expect(page.getByRole('dialog').getByTestId('drawer-review')).toBeVisible();

  // R asks for a reason with the note focused; Ctrl+Enter returns it and moves on
  await page.keyboard.press('r');
  await expect(dialog.getByLabel('备注')).toBeFocused();
  await page.keyboard.type('e2e 请补充面试记录');
  await page.keyboard.press('Control+Enter');
  await at(3);

  for (const [i, status] of [[0, '已确认'], [1, '已确认'], [2, '已退回']] as const) {
    await navigateInApp(page, `/workbench?status=all&result=${ids[i]}`);
    await expect(page.getByRole('dialog').getByTestId('result-status')).toHaveText(status);
  }
});

test('the queue says when every pending result of the view is reviewed', async ({ page }) => {
  await loginAs(page, 'hr');
  await openWorkbench(page);
  const name = (await rows(page).last().getByTestId('result-open').innerText()).trim();
  await page.getByLabel('姓名或工号').fill(name);
  await page.getByLabel('姓名或工号').press('Enter');
  await expect(page).toHaveURL(/q=/);
  await expect(rows(page).first()).toContainText(name);
  const count = await rows(page).count();
  await rows(page).first().getByTestId('result-open').click();
  for (let i = 0; i < count; i++) {
    await expect(page.getByRole('dialog').getByTestId('drawer-review')).toBeVisible();
    await page.keyboard.press('c');
    if (i < count - 1) await expect(page.getByText('已确认 1 条结果').first()).toBeVisible();
  }
  await expect(page.getByText('当前筛选下的待审核结果已全部处理完')).toBeVisible();
  await expect(page).not.toHaveURL(/result=/);
});

test('an imported result shows its dimensions by name, the code only in a tooltip', async ({ page }) => {
  await loginAs(page, 'hr');
  await openWorkbench(page, '?status=all&q=H2000');
  await rows(page).first().getByTestId('result-open').click();
  const names = page.getByRole('dialog').getByTestId('dimension-name');
  await expect(names.first()).toBeVisible();
  const texts = await names.allInnerTexts();
  expect(texts).toContain('沟通能力');
  for (const code of ['communication', 'logic', 'expertise', 'resilience']) expect(texts).not.toContain(code);
  await expect(names.first()).toHaveText('沟通能力');
  await names.first().hover();
  await expect(page.getByRole('tooltip')).toHaveText('communication');
});
