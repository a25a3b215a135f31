// Light and dark themes: the system preference decides until the reader toggles, and the
// toggle survives a reload.
import { expect, screenshot, test, waitForResults } from './fixtures';

const background = (page: import('@playwright/test').Page) =>
  page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

test.describe('system prefers light', () => {
  test.use({ colorScheme: 'light' });
  test('gives the light theme, and the toggle switches to dark and is remembered', async ({ page }) => {
    await page.goto('/?exp=roofline');
    await waitForResults(page);
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    expect(await background(page)).toBe('rgb(246, 247, 249)');
    // Charts follow the page theme through CSS variables.
    const chartBg = await page.evaluate(() => {
      const probe = document.body.appendChild(document.createElement('div'));
      probe.style.background = 'var(--chart-background)';
      const color = getComputedStyle(probe).backgroundColor;
      probe.remove();
      return color;
    });
    expect(chartBg).toBe('rgb(255, 255, 255)');
    await screenshot(page, 'theme-light', false);
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(await background(page)).toBe('rgb(13, 15, 19)');
  });
});

test.describe('system prefers dark', () => {
  test.use({ colorScheme: 'dark' });
  test('gives the dark theme', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(await background(page)).toBe('rgb(13, 15, 19)');
  });
});
