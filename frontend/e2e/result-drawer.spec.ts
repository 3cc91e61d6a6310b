import { expect, test, type Page } from '@playwright/test';
import { loginAs, navigateInApp } from './helpers';

test.use({ viewport: { width: 1440, height: 900 } });

const ONE_LINE = 26; // px: a 14 px line is 22 px high

async function openFirstResult(page: Page) {
  await navigateInApp(page, '/workbench?status=confirmed');
  const open = page.locator('.ant-table-tbody tr.ant-table-row').first().getByTestId('result-open');
  await open.click();
  await expect(page.getByRole('dialog').getByTestId('result-facts')).toBeVisible();
}

async function expectReadableFacts(page: Page) {
  const drawer = page.getByRole('dialog');
  for (const id of ['result-interviewed-at', 'result-received-at']) {
    const box = await drawer.getByTestId(id).boundingBox();
    expect(box!.height, `${id} wraps`).toBeLessThanOrEqual(ONE_LINE);
  }
  // No label or short value is broken over lines (a word split mid-way would make it taller).
  const tall = await drawer.getByTestId('result-facts').evaluate((facts) =>
    Array.from(facts.querySelectorAll('.ant-descriptions-item-label, .ant-descriptions-item-content'))
      .filter((el) => (el.textContent ?? '').length <= 24 && el.getBoundingClientRect().height > 26)
      .map((el) => el.textContent),
  );
  expect(tall).toEqual([]);
}

test('at 1440 px the result drawer reads in Chinese: dates on one line', async ({ page }) => {
  await loginAs(page, 'hr');
  await openFirstResult(page);
  await expectReadableFacts(page);
});

test('at 1440 px the result drawer reads in English: no word broken mid-way', async ({ page }) => {
  await loginAs(page, 'hr');
  await page.evaluate(() => localStorage.setItem('sb.lang', 'en'));
  await page.reload();
  await expect(page.getByRole('heading', { level: 3 })).toContainText('Hello');
  await openFirstResult(page);
  await expect(page.getByRole('dialog').getByTestId('result-facts')).toContainText('Interviewed');
  await expectReadableFacts(page);
});
