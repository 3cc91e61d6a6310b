import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { DEMO, DEMO_PASSWORD, login, menuItem, preferChinese } from './helpers';

// Enterprise sign-in in a real browser: the login page's button → a real OpenID Provider
// (panva/oidc-provider, tests/idp) → back to ScoreBridge, signed in as the demo employee 张伟.
const CLIENT = { client_id: 'scorebridge-e2e', client_secret: 'e2e-client-secret-0123456789' };
// Three sites in one test (ScoreBridge, the provider, back): more time than a one-page test.
test.describe.configure({ timeout: 90_000 });

let provider: ChildProcess | undefined;
let issuer = '';

async function adminHeaders(request: APIRequestContext): Promise<Record<string, string>> {
  const token = await request.post('/api/v1/auth/token', {
    form: { grant_type: 'password', username: DEMO.admin, password: DEMO_PASSWORD },
  });
  expect(token.ok()).toBeTruthy();
  return { Authorization: `Bearer ${(await token.json()).access_token}` };
}

async function configure(request: APIRequestContext, enabled: boolean): Promise<void> {
  const response = await request.put('/api/v1/identity-providers/oidc', {
    headers: await adminHeaders(request),
    data: { enabled, config: { issuer, ...CLIENT, name: 'Test IdP' } },
  });
  expect(response.status(), await response.text()).toBe(200);
}

test.beforeAll(async ({ baseURL }) => {
  const options = {
    clients: [{ ...CLIENT, redirect_uris: [new URL('/api/v1/auth/sso/oidc/callback', baseURL).href] }],
    accounts: { zhangwei: { email: DEMO.employee, email_verified: true, name: '张伟' } },
  };
  provider = spawn('node', [fileURLToPath(new URL('../../tests/idp/provider.mjs', import.meta.url)), JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(provider.stdout!, 'data')) as [Buffer];
  issuer = (JSON.parse(line.toString()) as { issuer: string }).issuer;
});

test.afterAll(async ({ request }) => {
  if (issuer) await configure(request, false);
  provider?.kill();
});

test('an employee signs in with the company account and lands signed in', async ({ page, request }) => {
  await configure(request, true);
  await preferChinese(page);
  await page.goto('/login');
  await page.getByRole('button', { name: 'Test IdP登录' }).click();

  await expect(page.getByRole('heading', { name: 'Test IdP' })).toBeVisible();
  await page.getByLabel('Login').fill('zhangwei');
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 3 })).toContainText('你好');
  await expect(page.getByTestId('user-menu')).toContainText('张伟');
});

test('a refused sign-in comes back to the login page with the reason', async ({ page }) => {
  await preferChinese(page);
  await page.goto('/login?error=sso_unknown_person');
  await expect(page.getByTestId('sso-error')).toContainText('未在 ScoreBridge 中找到');
});

test('the admin page shows the provider with its secret masked and tests the connection', async ({ page, request }) => {
  await configure(request, true);
  await login(page, DEMO.admin);
  await menuItem(page, '身份认证').click({ timeout: 30_000 });
  const card = page.getByTestId('provider-oidc');
  await expect(card.getByLabel('Issuer(颁发者地址)')).toHaveValue(issuer);
  await expect(card.getByLabel('Client Secret')).toHaveAttribute('placeholder', '***');
  await expect(page.getByText(CLIENT.client_secret)).toHaveCount(0);
  await card.getByTestId('provider-oidc-test').click();
  await expect(card.getByTestId('provider-test-result')).toContainText('连接正常');
  await card.getByLabel('按钮名称').fill('Test IdP 2');
  await card.getByTestId('provider-oidc-save').click();
  await expect(page.getByText('已保存').first()).toBeVisible();
});
