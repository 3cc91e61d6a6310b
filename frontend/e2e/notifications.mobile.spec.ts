import { expect, test } from '@playwright/test';
import { loginAs } from './helpers';

test('the notification panel opens inside a 390 px wide screen', async ({ page }) => {
  await loginAs(page, 'employee');
  await page.getByTestId('notification-bell').click();
  const panel = page.getByTestId('notification-panel');
  await expect(panel).toBeVisible();
  // The popover's box (its padding included), once it has settled.
  const popover = page.locator('.ant-popover').filter({ has: panel });
  await expect
    .poll(async () => {
      const box = await popover.boundingBox();
      return box ? [Math.round(box.x) >= 0, Math.round(box.x + box.width) <= 390] : null;
    })
    .toEqual([true, true]);
});
