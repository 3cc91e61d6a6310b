import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'ScoreBridge-demo-2026';

export const DEMO = {
  admin: 'admin@demo.scorebridge.cn',
  hr: 'hr@demo.scorebridge.cn',
  dept_head: 'head.sales@demo.scorebridge.cn',
  interviewer: 'interviewer@demo.scorebridge.cn',
  employee: 'employee@demo.scorebridge.cn',
} as const;

export type DemoRole = keyof typeof DEMO;

/** Tests read Chinese labels: start in zh-CN unless the test itself chose another language. */
export async function preferChinese(page: Page): Promise<void> {
  await page.addInitScript(() => {
    if (!localStorage.getItem('sb.lang')) localStorage.setItem('sb.lang', 'zh-CN');
  });
}

export async function login(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await preferChinese(page);
  await page.goto('/login');
  await page.getByLabel('邮箱').fill(email);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /^登\s*录$/ }).click();
}

export async function loginAs(page: Page, role: DemoRole): Promise<void> {
  await login(page, DEMO[role]);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 3 })).toContainText('你好');
}

/** The side menu (antd renders items as role=menuitem). */
export function menuItem(page: Page, name: string) {
  return page.getByRole('navigation').getByRole('menuitem', { name, exact: true });
}

/**
 * Follows a link inside the signed-in app without reloading it (as a click on a link would):
 * a `page.goto` re-runs the whole sign-in restore, which on a busy machine eats the test's budget.
 */
export async function navigateInApp(page: Page, url: string): Promise<void> {
  await page.evaluate((to) => {
    window.history.pushState({}, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, url);
  await expect(page).toHaveURL(url);
}
