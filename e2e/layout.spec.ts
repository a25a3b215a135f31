// A projector-sized window shows each experiment's charts without scrolling; a phone gets the
// charts first and the parameters in a drawer; keyboard and screen-reader basics hold.
import { expect, screenshot, test, waitForResults } from './fixtures';

test.use({ viewport: { width: 1280, height: 720 } });

test('at 1280×720 every experiment’s first chart starts above the fold', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  const ids = await page.locator('.card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-experiment')!));
  for (const id of ids) {
    await page.goto(`/?exp=${id}`);
    await expect(page.locator('#results-heading, .results-empty').first()).toBeVisible();
    // GPU tools without a live model have no chart until Run.
    if (await page.locator('.results-empty').count()) continue;
    const chart = page.locator('.chart-svg svg').first();
    await expect(chart).toBeVisible();
    const top = await chart.evaluate((el) => el.getBoundingClientRect().top);
    expect(top, `${id}: first chart starts at ${top}px`).toBeLessThan(720);
    // The run controls are on screen too.
    await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeInViewport();
  }
});

test('run controls stay on screen while the page scrolls', async ({ page }) => {
  await page.goto('/?exp=chai');
  await waitForResults(page);
  await page.mouse.wheel(0, 2500);
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeInViewport();
});

test('a log slider announces its real value and unit; each parameter is one tab stop', async ({ page }) => {
  await page.goto('/?exp=roofline&intensity=25');
  await waitForResults(page);
  const slider = page.getByLabel('Arithmetic intensity slider');
  await expect(slider).toHaveAttribute('aria-valuetext', '25 FLOP/B');
  // The position is a 0–1000 log scale: not what a listener should hear.
  expect(Number(await slider.inputValue())).not.toBe(25);
  const field = page.getByLabel('Arithmetic intensity', { exact: true });
  await field.focus();
  await page.keyboard.press('ArrowUp');
  await expect.poll(async () => Number(await field.inputValue())).toBeGreaterThan(25);
  await expect(slider).toHaveAttribute('aria-valuetext', `${await field.inputValue()} FLOP/B`);
  // Tab leaves the field for the next parameter, not for its own slider.
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Target GPU')).toBeFocused();
});

test('the skip link jumps past the header to the content', async ({ page }) => {
  await page.goto('/?exp=roofline');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  // The link is rendered by the app: press Tab only once it is there, or focus lands elsewhere.
  await expect(skip).toBeAttached();
  await page.keyboard.press('Tab');
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await skip.press('Enter');
  await expect(page.locator('#main-content')).toBeFocused();
});

test.describe('phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test('charts come first and the parameters open in a drawer', async ({ page }) => {
    await page.goto('/?exp=lv-xattn');
    await waitForResults(page);
    const chart = page.locator('.chart-svg svg').first();
    const panel = page.locator('#param-panel');
    await expect(panel).toBeHidden();
    const box = (await chart.boundingBox())!;
    expect(box.width).toBeGreaterThan(300);
    await page.getByRole('button', { name: 'Parameters', exact: true }).click();
    await expect(panel).toBeVisible();
    await expect(panel.getByLabel('Nodes', { exact: true })).toBeVisible();
    await screenshot(page, 'phone-drawer', false);
    await panel.getByRole('button', { name: 'Show charts' }).click();
    await expect(panel).toBeHidden();
  });
});
