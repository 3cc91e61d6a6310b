import { expect, test } from '@playwright/test';
import { DEMO, login } from './helpers';

// Failed sign-ins count per email and address for 15 minutes, so these use a fresh email each
// run and never slow down a demo account the other tests need.
const stranger = () => `e2e-${Date.now()}-${Math.floor(Math.random() * 1e6)}@demo.scorebridge.cn`;

test('a wrong password says how many attempts are left', async ({ page }) => {
  await login(page, stranger(), 'not-the-password');
  await expect(page.getByTestId('login-error')).toHaveText('密码错误,还可尝试 4 次');
  await expect(page).toHaveURL(/\/login/);
});

test('repeated wrong passwords make the next try wait and say for how long', async ({ page }) => {
  const email = stranger();
  await login(page, email, 'wrong-1');
  await expect(page.getByTestId('login-error')).toBeVisible();
  for (let i = 2; i <= 6; i++) {
    await page.getByLabel('密码').fill(`wrong-${i}`);
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/token'));
    await page.getByRole('button', { name: /^登\s*录$/ }).click();
    await answered;
  }
  await expect(page.getByTestId('login-error')).toHaveText(/尝试次数过多,请 \d+ 秒后再试/);
});

test('the login form has labelled inputs and validates them', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByLabel('邮箱')).toBeVisible();
  await expect(page.getByLabel('密码')).toBeVisible();
  await page.getByRole('button', { name: /^登\s*录$/ }).click();
  await expect(page.getByText('请填写邮箱')).toBeVisible();
});

test('a deep link while signed out goes to login, then back to it', async ({ page }) => {
  await page.goto('/people?q=x');
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByLabel('邮箱').fill(DEMO.hr);
  await page.getByLabel('密码').fill('ScoreBridge-demo-2026');
  await page.getByRole('button', { name: /^登\s*录$/ }).click();
  await expect(page).toHaveURL(/\/people\?q=x$/);
});
