import { expect, test, type Page } from '@playwright/test';
import { loginAs, menuItem } from './helpers';

function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    // The browser itself logs expected HTTP errors (e.g. the 409 below) as "Failed to load resource".
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

test('hr creates a department; a duplicate code is shown on the code field', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await loginAs(page, 'hr');
  await menuItem(page, '部门').click();
  await expect(page.getByRole('heading', { name: '部门' })).toBeVisible();
  await expect(page.getByRole('cell', { name: '总公司' })).toBeVisible();

  const code = `e2e-${Date.now()}`;
  await page.getByRole('button', { name: '新建部门' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('编码').fill(code);
  await dialog.getByLabel('名称').fill('测试部门');
  await dialog.getByTestId('modal-submit').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('cell', { name: code })).toBeVisible();

  await page.getByRole('button', { name: '新建部门' }).first().click();
  await dialog.getByLabel('编码').fill(code);
  await dialog.getByLabel('名称').fill('重复的部门');
  await dialog.getByTestId('modal-submit').click();
  await expect(dialog.getByText('编码已被使用,请换一个')).toBeVisible();
  await dialog.getByRole('button', { name: /取\s*消/ }).click();
  expect(errors).toEqual([]);
});

test('people search keeps the query in the URL and offers a way out of no results', async ({ page }) => {
  await loginAs(page, 'hr');
  await page.goto('/people?q=no-such-person-xyz');
  await expect(page.getByTestId('list-empty')).toContainText('没有匹配');
  await page.getByRole('button', { name: '清除搜索' }).click();
  await expect(page).toHaveURL(/\/people$/);
  await expect(page.getByRole('row').nth(1)).toBeVisible();
});

test('admin creates an integration client and sees its secret once', async ({ page }) => {
  await loginAs(page, 'admin');
  await menuItem(page, '集成客户端').click();
  await page.getByRole('button', { name: '新建客户端' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('名称').fill(`e2e-client-${Date.now()}`);
  await dialog.getByTestId('modal-submit').click();
  await expect(page.getByTestId('client-secret')).not.toBeEmpty();
  await page.getByRole('button', { name: /关\s*闭/ }).click();
  await expect(page.getByTestId('client-secret')).toHaveCount(0); // gone from the page for good
});

test('hr creates a position and a batch for it, then renames the batch', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await loginAs(page, 'hr');
  const stamp = Date.now();
  await menuItem(page, '岗位').click();
  await expect(page.getByRole('heading', { name: '岗位' })).toBeVisible();
  await page.getByRole('button', { name: '新建岗位' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('编码').fill(`pos-${stamp}`);
  await dialog.getByLabel('名称').fill(`测试岗位${stamp}`);
  await dialog.getByTestId('modal-submit').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('cell', { name: `pos-${stamp}` })).toBeVisible();

  await menuItem(page, '批次').click();
  await expect(page.getByRole('heading', { name: '批次' })).toBeVisible();
  await page.getByRole('button', { name: '新建批次' }).first().click();
  await dialog.getByLabel('编码').fill(`batch-${stamp}`);
  await dialog.getByLabel('名称').fill('秋招第一批');
  await dialog.getByLabel('岗位').fill(`pos-${stamp}`);
  await page.keyboard.press('Enter');
  await dialog.getByTestId('modal-submit').click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole('row', { name: new RegExp(`batch-${stamp}`) });
  await expect(row).toContainText(`测试岗位${stamp}`);

  await row.getByRole('button', { name: '编辑' }).click();
  await expect(dialog.getByLabel('编码')).toHaveValue(`batch-${stamp}`);
  await dialog.getByLabel('名称').fill('秋招第二批');
  await dialog.getByTestId('modal-submit').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('row', { name: new RegExp(`batch-${stamp}`) })).toContainText('秋招第二批');
  expect(errors).toEqual([]);
});
