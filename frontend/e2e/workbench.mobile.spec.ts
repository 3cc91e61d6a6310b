import { expect, test, type Page } from '@playwright/test';
import { loginAs, navigateInApp } from './helpers';

const noSidewaysScroll = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth <= 390);

async function inView(page: Page, testId: string) {
  const box = await page.getByTestId(testId).first().boundingBox();
  expect(box, testId).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, testId).toBeLessThanOrEqual(390);
}

test('on a phone the workbench is a list of cards: total and status in view, filters in a drawer', async ({ page }) => {
  await loginAs(page, 'hr');
  await navigateInApp(page, '/workbench?status=all');
  const card = page.getByTestId('result-card').first();
  await expect(card).toBeVisible();
  await expect(card.getByTestId('card-total')).toBeVisible();
  await expect(card.getByTestId('result-status')).toBeVisible();
  await inView(page, 'card-total');
  await inView(page, 'result-status');
  expect(await noSidewaysScroll(page)).toBe(true);
  // every status tab is on screen, none cut off
  for (const s of ['pending_review', 'confirmed', 'returned', 'rejected', 'all']) await inView(page, `status-tab-${s}`);

  // the filters wait in a drawer; the button counts the active ones
  await expect(page.getByTestId('filter-bar')).toHaveCount(0);
  await page.getByTestId('filters-open').click();
  const drawer = page.getByRole('dialog');
  await expect(drawer.getByTestId('filter-bar')).toBeVisible();
  await drawer.getByTestId('verdict-filter').click();
  await page.locator('.ant-select-item-option[title="达标"]').click();
  await expect(page).toHaveURL(/passed=true/);
  await drawer.getByRole('button', { name: /完\s*成/ }).click();
  await expect(page.getByTestId('filters-open').locator('..')).toContainText('1');
  expect(await noSidewaysScroll(page)).toBe(true);

  // one tap opens the result, full width
  await page.getByTestId('result-card').first().click();
  await expect(page.getByRole('dialog').getByTestId('result-detail')).toBeVisible();
  const panel = await page.locator('.ant-drawer-content-wrapper').last().boundingBox();
  expect(Math.round(panel!.width)).toBe(390);
  expect(await noSidewaysScroll(page)).toBe(true);
});

test('on a phone each person is a card with 人才档案 in reach', async ({ page }) => {
  await loginAs(page, 'hr');
  await navigateInApp(page, '/people');
  await expect(page.getByTestId('person-card').first()).toBeVisible();
  await inView(page, 'person-profile');
  expect(await noSidewaysScroll(page)).toBe(true);
  await page.getByTestId('person-card').first().getByTestId('person-profile').click();
  await expect(page).toHaveURL(/\/people\/.+\/profile$/);
});
