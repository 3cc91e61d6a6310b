import { createHmac } from 'node:crypto';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { DEMO, DEMO_PASSWORD, loginAs } from './helpers';

// A vendor sends names that are HTML (stored XSS): they must show as text in every chart
// tooltip and drawer, no script may run (escaping first, the Content-Security-Policy behind it),
// and the page must hold no token a script could steal.
const tag = Date.now().toString(36);
const POSITION = `<img src=x onerror="window.__xss='position'">岗位${tag}`;
const DEPARTMENT = `<img src=x onerror="window.__xss='department'">部门${tag}`;
const DIMENSION = `<img src=x onerror="window.__xss='dimension'">维度`;

async function token(request: APIRequestContext, email: string): Promise<string> {
  const res = await request.post('/api/v1/auth/token', { form: { grant_type: 'password', username: email, password: DEMO_PASSWORD } });
  expect(res.ok(), await res.text()).toBeTruthy();
  return ((await res.json()) as { access_token: string }).access_token;
}

function signature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** A vendor (auto-confirming) pushes 12 results whose names carry the payloads. */
async function plant(request: APIRequestContext): Promise<void> {
  const admin = { Authorization: `Bearer ${await token(request, DEMO.admin)}` };
  const slug = `xss-${tag}`;
  const created = await request.post('/api/v1/vendors', {
    headers: admin,
    data: { slug, name: `XSS vendor ${tag}`, signing: { scheme: 'standard-webhooks' }, auto_confirm: true },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { secret } = (await created.json()) as { secret: string };
  for (let i = 0; i < 12; i++) {
    const score = 60 + i * 2;
    const body = JSON.stringify({
      type: 'interview.result.completed',
      data: {
        interview_id: `${slug}-${i}`,
        candidate: { external_id: `${slug}-c${i}`, name: `XSS候选人${tag}-${i}`, email: `xss.${tag}.${i}@mail.example` },
        position: { code: `xss-p-${tag}`, name: POSITION },
        department: { code: `xss-d-${tag}`, name: DEPARTMENT },
        // three different months: a trend of one month is not drawn (it says so instead)
        interviewed_at: new Date(Date.now() - 3600_000 - (i % 3) * 35 * 86400_000).toISOString(),
        total_score: score,
        max_score: 100,
        dimensions: [
          { code: 'communication', name: DIMENSION, score, max_score: 100 },
          { code: 'logic', name: '逻辑思维', score, max_score: 100 },
          { code: 'risk-awareness', name: '风险意识', score, max_score: 100 },
        ],
        comment: `<script>window.__xss='comment'</script>评语`,
        updated_at: new Date().toISOString(),
      },
    });
    const id = `msg_${slug}_${i}`;
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await request.post(`/api/v1/webhooks/${slug}`, {
      headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature(secret, id, timestamp, body) },
      data: body,
    });
    expect(res.status(), await res.text()).toBe(202);
  }
}

async function confirmedCount(request: APIRequestContext, headers: Record<string, string>): Promise<{ n: number; positionId?: string }> {
  const res = await request.get(`/api/v1/results?status=confirmed&q=${encodeURIComponent(`XSS候选人${tag}`)}&limit=50`, { headers });
  const items = ((await res.json()) as { items: { position: { id: string } | null }[] }).items ?? [];
  return { n: items.length, positionId: items[0]?.position?.id };
}

/** Console messages that tell a script was attempted or refused (none may appear). */
function watchForScripts(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) seen.push(m.text());
  });
  page.on('pageerror', (e) => seen.push(String(e)));
  return seen;
}

async function hoverAcross(page: Page, testId: string): Promise<void> {
  const chart = page.getByTestId(testId);
  await expect(chart.locator('canvas').first()).toBeVisible();
  const box = await chart.boundingBox();
  if (!box) throw new Error(`${testId} has no box`);
  for (const x of [0.5, 0.3, 0.7, 0.9]) {
    await page.mouse.move(box.x + box.width * x, box.y + box.height * 0.55);
    await page.waitForTimeout(150);
  }
}

async function assertNothingRan(page: Page, seen: string[]): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('script', { hasText: '__xss' })).toHaveCount(0);
  expect(seen).toEqual([]);
}

async function assertNoTokenInReach(page: Page): Promise<void> {
  const stored = await page.evaluate(() => {
    const all: string[] = [];
    for (const storage of [localStorage, sessionStorage]) {
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i) ?? '';
        all.push(`${key}=${storage.getItem(key) ?? ''}`);
      }
    }
    return { all, cookie: document.cookie };
  });
  for (const entry of stored.all) {
    expect(entry).not.toMatch(/eyJ[\w-]+\.[\w-]+\./); // a JWT
    expect(entry.toLowerCase()).not.toContain('token');
  }
  expect(stored.cookie).not.toContain('sb_refresh'); // HttpOnly: invisible to scripts
}

test('vendor HTML in names stays text in charts and drawers; no script runs; no token in reach', async ({ page, request }) => {
  test.setTimeout(90_000);
  await plant(request);
  const hr = { Authorization: `Bearer ${await token(request, DEMO.hr)}` };
  await expect.poll(async () => (await confirmedCount(request, hr)).n, { timeout: 30_000 }).toBe(12);
  const { positionId } = await confirmedCount(request, hr);
  expect(positionId).toBeTruthy();

  const seen = watchForScripts(page);
  await loginAs(page, 'hr');
  await assertNoTokenInReach(page);

  // Analytics: trends and distribution of the planted position, grouped by position.
  await page.goto(`/analytics?dimension=communication&position_id=${positionId}`);
  await expect(page.getByRole('heading', { name: '数据分析' })).toBeVisible();
  await hoverAcross(page, 'trends-chart');
  await expect(page.getByTestId('trends-chart')).toContainText(`岗位${tag}`);
  await expect(page.getByTestId('trends-chart')).toContainText('<img src=x');
  await hoverAcross(page, 'distribution-chart');
  await page.getByText('箱线图').click();
  await hoverAcross(page, 'distribution-chart');
  await assertNothingRan(page, seen);

  // Grouped by department: the department name is the series.
  await page.goto(`/analytics?dimension=communication&position_id=${positionId}&group_by=department`);
  await hoverAcross(page, 'trends-chart');
  await expect(page.getByTestId('trends-chart')).toContainText(`部门${tag}`);
  await assertNothingRan(page, seen);

  // The workbench drawer: radar with the dimension name, the comment.
  await page.goto(`/workbench?status=confirmed&q=${encodeURIComponent(`XSS候选人${tag}-3`)}`);
  await page.locator('.ant-table-tbody tr.ant-table-row').first().getByTestId('result-open').click();
  const drawer = page.getByRole('dialog');
  await expect(drawer).toContainText('<script>');
  await hoverAcross(page, 'result-radar');
  await assertNothingRan(page, seen);

  // A reload signs back in from the HttpOnly cookie; still nothing in storage.
  await page.reload();
  await expect(page.getByRole('heading', { name: '审核工作台' })).toBeVisible();
  await assertNoTokenInReach(page);
  await assertNothingRan(page, seen);
});

test('signing out ends the sign-in: a reload stays signed out', async ({ page }) => {
  await loginAs(page, 'employee');
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: /退出/ }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.reload();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
});
