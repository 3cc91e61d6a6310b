import { expect, test } from '@playwright/test';
import { loginAs } from './helpers';

test('on a phone the menu is a drawer and nothing scrolls sideways', async ({ page }) => {
  await loginAs(page, 'employee');
  const toggle = page.getByTestId('menu-toggle');
  await expect(toggle).toBeVisible();
  const box = await toggle.boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(44);
  await toggle.click();
  await expect(page.getByRole('menuitem', { name: '我的面试', exact: true })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('on a phone the workbench shows cards and the drawer is full width', async ({ page }) => {
  await loginAs(page, 'hr');
  await page.goto('/workbench?status=all');
  const card = page.getByTestId('result-card').first();
  await expect(card).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await card.click();
  const panel = page.locator('.ant-drawer-content-wrapper');
  await expect(page.getByRole('dialog').getByTestId('result-detail')).toBeVisible();
  const box = await panel.boundingBox();
  expect(Math.round(box!.width)).toBe(390);
});
