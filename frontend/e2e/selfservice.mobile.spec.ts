import { expect, test, type Page } from '@playwright/test';
import { loginAs } from './helpers';

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test('employee asks about a result on a phone; HR replies from the inbox; the reply appears live', async ({ browser, page }) => {
  test.setTimeout(90_000);
  const stamp = Date.now().toString(36);
  const question = `请问沟通能力为什么只有这个分数?(${stamp})`;
  const reply = `已复核,评分依据是面试录音,详见评语。(${stamp})`;

  // Employee: the home page shows the published results as cards.
  await loginAs(page, 'employee');
  const cards = page.getByTestId('my-result-card');
  await expect(cards.first()).toBeVisible();
  expect(await cards.count()).toBeGreaterThanOrEqual(2);
  await expect(cards.first().getByTestId('my-result-status')).toHaveText('已发布');
  await expect(cards.first().getByTestId('my-result-total')).toHaveText(/^\d{1,3}\.\d$/);
  await noSidewaysScroll(page);

  // Tap a card: the detail with dimensions and suggestions.
  await cards.first().click();
  await expect(page).toHaveURL(/\/my-results\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('my-result-dimensions')).toBeVisible();
  await expect(page.getByText('改进建议')).toBeVisible();
  await noSidewaysScroll(page);

  // Two taps to ask: the button, then submit (or, when a question is already open, the thread).
  const ask = page.getByTestId('ask-question');
  const askBox = await ask.boundingBox();
  expect(askBox!.height).toBeGreaterThanOrEqual(44);
  const feedbackLoaded = page.waitForResponse((r) => /\/api\/v1\/feedback\/[0-9a-f-]{36}$/.test(r.url()) && r.request().method() === 'GET' && r.ok());
  if ((await ask.textContent())?.includes('提出疑问')) {
    await ask.click();
    const input = page.getByLabel('你的问题');
    await expect(input).toBeVisible();
    await input.fill(question);
    await expect(page.getByText(`${question.length} / 2000`)).toBeVisible();
    await page.getByTestId('feedback-submit').click();
  } else {
    await ask.click();
    await page.getByTestId('feedback-reply-input').fill(question);
    await page.getByTestId('feedback-reply-send').click();
  }
  const feedbackId = ((await (await feedbackLoaded).json()) as { id: string }).id;
  const thread = page.getByTestId('feedback-thread');
  await expect(thread.getByText(question)).toBeVisible();
  await expect(page.getByTestId('feedback-sla')).toBeVisible();
  await expect(page.getByTestId('feedback-sla')).toContainText(/人事将在 24 小时内回复|人事已回复/);
  await noSidewaysScroll(page);
  await expect(page.getByTestId('notification-bell')).toHaveAttribute('data-live', 'open');

  // HR, in another browser: the inbox with SLA metrics, the feedback, a reply.
  const hrContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const hr = await hrContext.newPage();
  await loginAs(hr, 'hr');
  await hr.goto('/feedback-inbox');
  await expect(hr.getByRole('heading', { name: '反馈处理' })).toBeVisible();
  await expect(hr.getByTestId('feedback-metrics')).toBeVisible();
  await expect(hr.getByTestId('feedback-row').first()).toBeVisible();
  await noSidewaysScroll(hr);
  await hr.goto(`/feedback-inbox?status=all&id=${feedbackId}`);
  const panel = hr.getByTestId('feedback-panel');
  await expect(panel.getByText(question)).toBeVisible();
  await panel.getByTestId('feedback-reply-input').fill(reply);
  await panel.getByTestId('feedback-reply-send').click();
  await expect(panel.getByText(reply)).toBeVisible();
  // Assignment: to oneself in one tap; the picker lists the HR and admin colleagues.
  const assignMe = panel.getByTestId('feedback-assign');
  if (await assignMe.isVisible()) {
    const assigned = hr.waitForResponse((r) => r.url().endsWith(`/feedback/${feedbackId}/assign`));
    await assignMe.click();
    expect((await assigned).ok()).toBe(true);
  }
  await expect(panel.getByTestId('feedback-assignee')).toContainText('(我)');
  await panel.getByTestId('feedback-assignee').click();
  await expect(hr.locator('.ant-select-item-option').first()).toBeVisible();
  await hr.keyboard.press('Escape');
  await noSidewaysScroll(hr);

  // Employee, without reloading: the reply arrives over the live stream, and the bell counts it.
  await expect(thread.getByText(reply)).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('feedback-sla')).toContainText('人事已回复');
  await expect(page.getByTestId('notification-bell')).toHaveAttribute('aria-label', /未读/);
  await hrContext.close();
});

test('employee opens the bell, reads notifications and sets channel preferences', async ({ page }) => {
  await loginAs(page, 'employee');
  await page.getByTestId('notification-bell').click();
  await expect(page.getByTestId('notification-panel')).toBeVisible();
  await noSidewaysScroll(page);
  await page.getByRole('link', { name: '通知设置' }).click();
  await expect(page.getByRole('heading', { name: '通知设置' })).toBeVisible();
  const email = page.getByRole('switch', { name: /邮件/ });
  await expect(page.getByRole('switch', { name: /站内通知/ })).toBeDisabled();
  const before = await email.getAttribute('aria-checked');
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/me/notification-preferences') && r.request().method() === 'PUT');
  await email.click();
  expect((await saved).ok()).toBe(true);
  await expect(email).toHaveAttribute('aria-checked', before === 'true' ? 'false' : 'true');
  await page.reload();
  await expect(page.getByRole('switch', { name: /邮件/ })).toHaveAttribute('aria-checked', before === 'true' ? 'false' : 'true');
  await noSidewaysScroll(page);
});
