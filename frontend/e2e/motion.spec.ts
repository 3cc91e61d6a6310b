import { expect, test } from '@playwright/test';

// Someone who asked their system for less motion gets none: antd's transitions take no time (and
// charts are drawn without animation). The other tests run that way; this one checks both sides.
for (const [preference, animated] of [
  ['reduce', false],
  ['no-preference', true],
] as const) {
  test(`prefers-reduced-motion: ${preference} — controls ${animated ? 'animate' : 'do not animate'}`, async ({ page }) => {
    await page.emulateMedia({ reducedMotion: preference });
    await page.goto('/login');
    const button = page.locator('button[type=submit]');
    await expect(button).toBeVisible();
    const duration = await button.evaluate((el) => getComputedStyle(el).transitionDuration);
    if (animated) expect(duration).not.toBe('0s');
    else expect(duration).toBe('0s');
  });
}
