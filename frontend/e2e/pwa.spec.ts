import { expect, test, type Page } from '@playwright/test';
import { loginAs } from './helpers';

// The app installs to the home screen: a valid manifest with its icons, a service worker that
// registers under the strict CSP, and the "浏览器推送" switch that subscribes this browser.

test('the manifest is reachable, valid and names real icons', async ({ page, request }) => {
  const response = await request.get('/manifest.webmanifest');
  expect(response.ok()).toBe(true);
  expect(response.headers()['content-type']).toContain('application/manifest+json');
  const manifest = await response.json();
  expect(manifest).toMatchObject({ name: '成绩桥 ScoreBridge', lang: 'zh-CN', display: 'standalone', start_url: '/', scope: '/' });
  const purposes = new Set<string>();
  for (const icon of manifest.icons as { src: string; sizes: string; purpose: string }[]) {
    const png = await request.get(icon.src);
    expect(png.ok()).toBe(true);
    expect(png.headers()['content-type']).toBe('image/png');
    purposes.add(`${icon.sizes} ${icon.purpose}`);
  }
  expect([...purposes].sort()).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
  await page.goto('/login');
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
  await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute('content', '#1677ff');
});

test('the service worker registers for the whole site', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto('/login');
  const registration = await page.evaluate(async () => {
    const ready = await navigator.serviceWorker.ready;
    return { script: ready.active?.scriptURL ?? '', scope: ready.scope };
  });
  expect(new URL(registration.script).pathname).toBe('/sw.js');
  expect(new URL(registration.scope).pathname).toBe('/');
  expect(errors.filter((e) => /Content Security Policy|service ?worker/i.test(e))).toEqual([]);
});

/** Headless Chromium has no push service to subscribe with: stand in for the browser's
 * PushManager with a subscription holding a real P-256 key (the server checks it). */
async function fakePushService(page: Page) {
  await page.addInitScript(() => {
    const toB64url = (buffer: ArrayBuffer) =>
      btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    let current: PushSubscription | null = null;
    const fake = async (options?: PushSubscriptionOptionsInit) => {
      const pair = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
      const p256dh = toB64url(await crypto.subtle.exportKey('raw', pair.publicKey));
      const auth = toB64url(crypto.getRandomValues(new Uint8Array(16)).buffer);
      const endpoint = `https://push.example.invalid/send/${auth}`;
      (window as unknown as { appServerKeyLength: number }).appServerKeyLength = new Uint8Array(options?.applicationServerKey as ArrayBuffer).length;
      const subscription = {
        endpoint,
        options,
        toJSON: () => ({ endpoint, expirationTime: null, keys: { p256dh, auth } }),
        unsubscribe: async () => {
          current = null;
          return true;
        },
      } as unknown as PushSubscription;
      return subscription;
    };
    PushManager.prototype.subscribe = async function (options?: PushSubscriptionOptionsInit) {
      current = await fake(options);
      return current;
    };
    PushManager.prototype.getSubscription = async () => current;
  });
}

test('an employee switches browser push on and off on this device', async ({ browser, page, context }) => {
  test.setTimeout(90_000);
  // An admin (in a browser of their own) turns the webpush channel on.
  const adminContext = await browser.newContext({ baseURL: test.info().project.use.baseURL, locale: 'zh-CN' });
  const admin = await adminContext.newPage();
  await loginAs(admin, 'admin');
  await admin.goto('/notification-channels');
  const card = admin.getByTestId('channel-webpush');
  await card.getByLabel(/VAPID/).fill('mailto:hr@demo.scorebridge.cn');
  const enabled = card.getByRole('switch').first();
  if ((await enabled.getAttribute('aria-checked')) !== 'true') await enabled.click();
  const saved = admin.waitForResponse((r) => r.url().endsWith('/api/v1/notification-channels/webpush') && r.request().method() === 'PUT');
  await card.getByTestId('channel-webpush-save').click();
  expect((await saved).ok()).toBe(true);
  // "Send me a test": the admin has no browser subscribed yet, and is told so in words.
  await card.getByTestId('channel-webpush-test').click();
  await expect(card.getByTestId('channel-webpush-test-result')).toContainText('你还没有在任何浏览器开启推送');
  await adminContext.close();

  await context.grantPermissions(['notifications']);
  await fakePushService(page);
  await loginAs(page, 'employee');
  await page.goto('/notifications/preferences');
  const push = page.getByTestId('push-this-browser');
  await expect(push).toBeEnabled();
  await expect(push).toHaveAttribute('aria-checked', 'false');
  const subscribed = page.waitForResponse((r) => r.url().endsWith('/api/v1/me/push-subscriptions') && r.request().method() === 'POST');
  await push.click();
  expect((await subscribed).status()).toBe(204);
  await expect(push).toHaveAttribute('aria-checked', 'true');
  expect(await page.evaluate(() => (window as unknown as { appServerKeyLength: number }).appServerKeyLength)).toBe(65);
  // Subscribing switched the webpush channel on.
  await expect(page.getByRole('switch', { name: /浏览器推送/ }).first()).toHaveAttribute('aria-checked', 'true');

  const removed = page.waitForResponse((r) => r.url().includes('/api/v1/me/push-subscriptions?endpoint=') && r.request().method() === 'DELETE');
  await push.click();
  expect((await removed).status()).toBe(204);
  await expect(push).toHaveAttribute('aria-checked', 'false');
});
