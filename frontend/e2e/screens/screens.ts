// Saves docs/screens/<role>-<page>-<width>-<language>.png: each role's home and workbench (the
// employee's own results page instead) at 390 and 1440 px, in zh-CN and English, from the demo.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO, DEMO_PASSWORD, type DemoRole } from '../helpers';

const OUT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../docs/screens');
const WIDTHS = [
  { width: 390, height: 844, phone: true },
  { width: 1440, height: 900, phone: false },
] as const;
const LANGUAGES = ['zh-CN', 'en'] as const;
const PAGES: Record<DemoRole, [string, string][]> = {
  admin: [['home', '/'], ['workbench', '/workbench']],
  hr: [['home', '/'], ['workbench', '/workbench']],
  dept_head: [['home', '/'], ['workbench', '/workbench?status=all&sort=-total_score']],
  interviewer: [['home', '/'], ['workbench', '/workbench?status=all']],
  employee: [['home', '/'], ['my-results', '/my-results']],
};

async function signIn(browser: Browser, role: DemoRole, language: string, size: (typeof WIDTHS)[number]): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: size.width, height: size.height },
    isMobile: size.phone,
    hasTouch: size.phone,
    deviceScaleFactor: 1,
    locale: language,
    timezoneId: 'Asia/Shanghai',
  });
  await context.addInitScript((lang) => {
    localStorage.setItem('sb.lang', lang);
    localStorage.setItem('sb.session', '1'); // "a sign-in cookie exists": restore from it
  }, language);
  const page = await context.newPage();
  // the token request answers in the session cookie; the SPA restores from it
  const answer = await page.request.post('/api/v1/auth/token', { form: { grant_type: 'password', username: DEMO[role], password: DEMO_PASSWORD } });
  expect(answer.ok(), await answer.text()).toBeTruthy();
  if (role === 'employee') {
    // the privacy notice is acknowledged once (its gate is not what these pictures show)
    const headers = { Authorization: `Bearer ${((await answer.json()) as { access_token: string }).access_token}` };
    const notice = (await (await page.request.get('/api/v1/privacy-notice', { headers })).json()) as { version: number };
    await page.request.post('/api/v1/me/privacy-notice/ack', { headers, data: { version: notice.version } });
  }
  return page;
}

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect(page.locator('.ant-skeleton-active')).toHaveCount(0, { timeout: 30_000 });
  await page.waitForTimeout(600); // chart animations
}

test('screens', async ({ browser }) => {
  mkdirSync(OUT, { recursive: true });
  for (const role of Object.keys(PAGES) as DemoRole[]) {
    for (const size of WIDTHS) {
      for (const language of LANGUAGES) {
        const page = await signIn(browser, role, language, size);
        for (const [name, path] of PAGES[role]) {
          await page.goto(path);
          await settle(page);
          const lang = language === 'en' ? 'en' : 'zh';
          await page.screenshot({ path: `${OUT}/${role}-${name}-${size.width}-${lang}.png`, fullPage: size.phone, animations: 'disabled' });
        }
        await page.context().close();
      }
    }
  }
});
