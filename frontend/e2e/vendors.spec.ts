import { expect, test } from '@playwright/test';
import { loginAs, menuItem } from './helpers';

const EXPRESSION = '{interview_id: id, candidate: {name: who, employee_no: no}, total_score: score, max_score: full}';
const PAYLOAD = JSON.stringify({ id: 'e2e-1', who: '测试候选人', no: 'E9001', score: 43.75, full: 50 });

test('admin previews a mapping on demo-ai and reads its deliveries log', async ({ page }) => {
  await loginAs(page, 'admin');
  await menuItem(page, '供应商').click();
  await expect(page.getByRole('heading', { name: '供应商' })).toBeVisible();
  await expect(page.getByTestId('vendor-health-demo-ai')).toContainText('最近推送');
  await page.getByTestId('vendor-link-demo-ai').click();
  await expect(page).toHaveURL(/\/vendors\/demo-ai/);

  await page.getByLabel('映射表达式(JMESPath)').fill(EXPRESSION);
  await page.getByLabel('示例报文(JSON)').fill(PAYLOAD);
  await page.getByTestId('mapping-test').click();
  await expect(page.getByTestId('mapping-preview')).toContainText('映射成功');
  await expect(page.getByTestId('preview-normalized-total')).toContainText('87.5');

  await page.getByLabel('示例报文(JSON)').fill(JSON.stringify({ id: 'e2e-2', who: '缺分数' }));
  await page.getByTestId('mapping-test').click();
  await expect(page.getByTestId('mapping-preview')).toContainText('total_score');

  await page.getByRole('tab', { name: '推送日志' }).click();
  const log = page.getByTestId('deliveries-log');
  await expect(log.locator('.ant-table-tbody tr.ant-table-row').first()).toBeVisible();
  await expect(log.getByText('已处理').first()).toBeVisible();
  await log.getByTestId('delivery-status-filter').click();
  await page.getByTitle('失败', { exact: true }).click();
  await expect(page).toHaveURL(/delivery_status=failed/);
});

test('admin creates a vendor and sees its secret once', async ({ page }) => {
  await loginAs(page, 'admin');
  await page.goto('/vendors');
  await page.getByRole('button', { name: '新建供应商' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('标识').fill(`e2e-${Date.now()}`);
  await dialog.getByLabel('名称').fill('E2E 供应商');
  await dialog.getByTestId('modal-submit').click();
  await expect(page.getByTestId('vendor-secret')).toContainText('whsec_');
  await page.getByRole('button', { name: /关\s*闭/ }).click();
  await expect(page.getByTestId('vendor-secret')).toHaveCount(0);
});
