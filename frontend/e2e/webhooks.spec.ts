import { expect, test } from '@playwright/test';
import { loginAs, menuItem } from './helpers';

test('admin subscribes a webhook endpoint, sees its secret once and pauses it', async ({ page }) => {
  await loginAs(page, 'admin');
  await menuItem(page, 'Webhook 订阅').click();
  await expect(page).toHaveURL(/\/webhook-endpoints$/);
  await expect(page.getByRole('heading', { name: 'Webhook 订阅' })).toBeVisible();

  // The signing explanation is on the page.
  await page.getByRole('button', { name: '如何验证推送签名' }).click();
  await expect(page.getByTestId('signing-snippet')).toContainText('webhook-signature');

  await page.getByRole('button', { name: '新建订阅' }).first().click();
  const dialog = page.getByRole('dialog', { name: '新建订阅' });
  await dialog.getByLabel('接收地址').fill('https://hooks.example.com/scorebridge');
  await expect(dialog.getByRole('checkbox', { name: /result\.confirmed/ })).toBeChecked();
  await dialog.getByTestId('modal-submit').click();

  const secret = page.getByTestId('webhook-secret');
  await expect(secret).toHaveText(/^whsec_/);
  await expect(page.getByText('签名密钥只显示这一次')).toBeVisible();
  await page.getByRole('button', { name: /关\s*闭/ }).click();
  await expect(page.getByTestId('webhook-secret')).toHaveCount(0);

  const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: 'https://hooks.example.com/scorebridge' }).first();
  await expect(row).toBeVisible();
  await expect(row).toContainText('result.confirmed');
  await expect(row.getByTestId('endpoint-status')).toHaveText('启用');

  await row.getByTestId('endpoint-pause').click();
  await page.getByRole('button', { name: /是/ }).click();
  await expect(page.getByText('已暂停推送')).toBeVisible();
  await expect(row.getByTestId('endpoint-status')).toHaveText('已暂停');
  await expect(row.getByTestId('endpoint-resume')).toBeVisible();

  await row.getByTestId('endpoint-messages').click();
  await expect(page.getByTestId('webhook-messages')).toBeVisible();
});
