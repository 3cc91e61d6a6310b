import { expect, test, type Page } from '@playwright/test';
import { DEMO, login, loginAs, menuItem } from './helpers';

const rows = (page: Page) => page.locator('.ant-table-tbody tr.ant-table-row');

test('privacy: a new notice is acknowledged, the employee sees who viewed their scores, downloads their data and asks for a correction; HR resolves it; admin previews retention', async ({
  browser,
  page,
}) => {
  test.setTimeout(120_000);
  const stamp = Date.now().toString(36);
  const version = `e2e-${stamp}`;
  const correction = `我的部门信息有误,请更正(${stamp})`;

  // Admin publishes a new notice version from the editor, after previewing it.
  await loginAs(page, 'admin');
  await menuItem(page, '隐私与合规').click();
  await expect(page.getByRole('heading', { name: '隐私与合规' })).toBeVisible();
  await page.getByLabel('新版本号').fill(version);
  const zh = page.getByLabel('告知正文(中文)');
  await zh.fill(`个人信息处理告知(${stamp}):我们处理您的 AI 面试结果,HR 会复核每一条结果后才使用。`);
  await expect(page.getByTestId('notice-preview')).toContainText(`个人信息处理告知(${stamp})`);
  await page.getByRole('button', { name: '发布新版本' }).click();
  await expect(page.getByText('已发布,员工下次登录时需重新确认')).toBeVisible();

  // HR opens one of the demo employee's results (a read of their scores, audited).
  const hrContext = await browser.newContext();
  const hr = await hrContext.newPage();
  await loginAs(hr, 'hr');
  await hr.goto('/workbench?status=confirmed&q=E1001');
  await expect(rows(hr).first()).toContainText('张伟');
  const viewed = hr.waitForResponse((r) => /\/api\/v1\/results\/[0-9a-f-]{36}$/.test(r.url()) && r.ok());
  await rows(hr).first().getByTestId('result-open').click();
  await viewed;

  // The employee, on a phone, must acknowledge the new notice before anything else.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const employee = await phone.newPage();
  await login(employee, DEMO.employee);
  const gate = employee.getByRole('dialog', { name: '个人信息处理告知' });
  await expect(gate).toBeVisible();
  await expect(gate.getByTestId('notice-text')).toContainText(`个人信息处理告知(${stamp})`);
  const acknowledge = gate.getByRole('button', { name: '确认并继续' });
  await expect(acknowledge).toBeDisabled();
  await gate.getByRole('checkbox', { name: '我已阅读并理解上述告知' }).check();
  await acknowledge.click();
  await expect(employee.getByRole('heading', { level: 3 })).toContainText('你好');

  // 谁查看了我的成绩: HR's read is on the timeline, by name and role.
  await employee.goto('/my-privacy');
  await expect(employee.getByRole('heading', { name: '我的隐私' })).toBeVisible();
  const entry = employee.getByTestId('access-entry').filter({ hasText: '查看了面试结果' }).first();
  await expect(entry).toContainText('陈静 (HR)');
  await expect(entry).toContainText('人事');
  const overflow = await employee.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // 下载我的数据.
  const download = employee.waitForEvent('download');
  await employee.getByRole('button', { name: '下载完整数据 (JSON)' }).click();
  expect((await download).suggestedFilename()).toMatch(/^my-data-.*\.json$/);

  // A correction request, with its status.
  await employee.getByRole('radio', { name: '更正' }).check();
  await employee.getByLabel('说明').fill(correction);
  await employee.getByRole('button', { name: '提交请求' }).click();
  const mine = employee.getByTestId('my-request').filter({ hasText: correction });
  await expect(mine).toContainText('处理中');

  // HR resolves it from the queue; the employee sees the answer.
  await hr.goto('/privacy-requests');
  await expect(hr.getByRole('heading', { name: '个人信息请求' })).toBeVisible();
  await expect(hr.getByTestId('privacy-metrics')).toBeVisible();
  const request = hr.getByTestId('privacy-request').filter({ hasText: correction });
  await expect(request).toContainText('张伟');
  await request.getByRole('button', { name: /^处\s*理$/ }).click();
  const dialog = hr.getByRole('dialog');
  await dialog.getByLabel('给员工的答复').fill('已更正部门信息');
  await dialog.getByRole('button', { name: /^处\s*理$/ }).click();
  await expect(hr.getByText('请求已处理')).toBeVisible();
  await expect(hr.getByTestId('privacy-request').filter({ hasText: correction })).toHaveCount(0);
  await employee.reload();
  await expect(employee.getByTestId('my-request').filter({ hasText: correction })).toContainText('已处理');
  await expect(employee.getByTestId('my-request').filter({ hasText: correction })).toContainText('已更正部门信息');

  // Admin previews what the next retention run would remove, and finds the processing records.
  await page.getByRole('tab', { name: '保存期限' }).click();
  await expect(page.getByLabel('审计日志(天,至少 180)')).toHaveValue(/^\d+$/);
  await page.getByRole('button', { name: '预览下次清理' }).click();
  const preview = page.getByTestId('retention-preview');
  await expect(preview).toContainText('原始报文');
  await expect(preview).toContainText('审计日志');
  await page.getByRole('tab', { name: '处理记录' }).click();
  await expect(page.locator('.ant-table-row').first()).toContainText('供应商');

  await phone.close();
  await hrContext.close();
});
