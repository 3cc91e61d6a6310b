import { expect, test } from '@playwright/test';
import { loginAs, menuItem, type DemoRole } from './helpers';

const ALL = ['首页', '审核工作台', '面试结果', '我的面试', '人员', '部门', '岗位', '批次', '供应商', '用户', '集成客户端', '审计日志'];

// What each demo role must see in the side menu; everything else must be absent.
const EXPECTED: Record<DemoRole, string[]> = {
  admin: ['首页', '审核工作台', '人员', '部门', '岗位', '批次', '供应商', '用户', '集成客户端', '审计日志'],
  hr: ['首页', '审核工作台', '人员', '部门', '岗位', '批次', '审计日志'],
  dept_head: ['首页', '面试结果', '人员'],
  interviewer: ['首页', '面试结果', '人员'],
  employee: ['首页', '我的面试'],
};

for (const [role, visible] of Object.entries(EXPECTED) as [DemoRole, string[]][]) {
  test(`${role} sees exactly their menu`, async ({ page }) => {
    await loginAs(page, role);
    for (const name of visible) await expect(menuItem(page, name), name).toBeVisible();
    for (const name of ALL.filter((n) => !visible.includes(n))) await expect(menuItem(page, name), name).toHaveCount(0);
  });
}

test('a page outside the role answers "no access"', async ({ page }) => {
  await loginAs(page, 'hr');
  await page.goto('/users');
  await expect(page.getByText('你没有访问此页面的权限')).toBeVisible();
});

test('admin opens users and audit, and logs out', async ({ page }) => {
  await loginAs(page, 'admin');
  await menuItem(page, '用户').click();
  await expect(page.getByRole('heading', { name: '用户与授权' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'admin@demo.scorebridge.cn' })).toBeVisible();
  await menuItem(page, '审计日志').click();
  await expect(page.getByRole('heading', { name: '审计日志' })).toBeVisible();
  await expect(page.getByLabel('动作')).toBeVisible();
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/login/);
});

test('hr sees people and departments', async ({ page }) => {
  await loginAs(page, 'hr');
  await menuItem(page, '人员').click();
  await expect(page.getByRole('heading', { name: '人员' })).toBeVisible();
  await expect(page.getByTestId('list-loading')).toHaveCount(0);
  await menuItem(page, '部门').click();
  await expect(page.getByRole('heading', { name: '部门' })).toBeVisible();
});

test('language switches to English and stays after reload', async ({ page }) => {
  await loginAs(page, 'employee');
  await page.getByTestId('language-switch').click();
  await page.getByRole('option', { name: 'English' }).click();
  await expect(menuItem(page, 'My interviews')).toBeVisible();
  await page.reload();
  await expect(menuItem(page, 'My interviews')).toBeVisible();
  // Switch back and wait until the account's language is saved, so other tests start in Chinese.
  await page.getByTestId('language-switch').click();
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/me') && r.request().method() === 'PATCH');
  await page.getByRole('option', { name: '中文' }).click();
  await saved;
  await expect(menuItem(page, '我的面试')).toBeVisible();
});
