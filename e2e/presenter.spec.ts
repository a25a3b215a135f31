// Presenter mode as a slide deck: a title slide, one slide per chart at slide-sized type, arrow
// keys between slides (←/→) and presets (↑/↓), the slide in the URL, R runs from the deck with
// its progress on screen, and a chart that still has width on a phone in landscape.
import type { Locator, Page } from '@playwright/test';
import { expect, query, screenshot, test } from './fixtures';

const deck = (page: Page) => page.getByRole('dialog', { name: 'Presenter mode' });

/** Smallest font size of the chart's tick labels and its title's size, in CSS px as drawn. */
async function chartType(dialog: Locator): Promise<{ tick: number; title: number; width: number }> {
  return dialog.locator('.chart-svg svg').evaluate((svg) => {
    const px = (el: Element) => parseFloat(getComputedStyle(el).fontSize);
    const ticks = [...svg.querySelectorAll('.tick text')].map(px);
    return {
      tick: Math.min(...ticks),
      title: px(svg.querySelector('.chart-title')!),
      width: svg.getBoundingClientRect().width,
    };
  });
}

test('the deck has a slide per chart; arrows move slides and presets; the slide is in the URL', async ({
  page,
  watch,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/?exp=roofline');
  await expect(page.locator('.chart-svg svg').first()).toBeVisible();
  const charts = await page.locator('.chart-svg svg').count();
  expect(charts).toBeGreaterThanOrEqual(2);

  await page.goto('/?exp=roofline&slide=1');
  const dialog = deck(page);
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('.deck-count')).toHaveText(`Slide 1 / ${charts + 1}`);
  await expect(dialog.getByRole('heading', { name: 'Roofline explorer' })).toBeVisible();
  await expect(dialog.locator('.deck-metric .badge')).toHaveText('modeled');
  await screenshot(page, 'presenter-title', false);

  await page.keyboard.press('ArrowRight');
  await expect(dialog.locator('.deck-count')).toHaveText(`Slide 2 / ${charts + 1}`);
  await expect.poll(() => query(page).get('slide')).toBe('2');
  await expect(dialog.locator('.chart-svg svg')).toBeVisible();
  const type = await chartType(dialog);
  expect(type.tick).toBeGreaterThanOrEqual(18);
  expect(type.title).toBeGreaterThanOrEqual(28);
  expect(type.width).toBeGreaterThan(800);
  // Hovering the chart shows the values under the crosshair, with units.
  const box = (await dialog.locator('.chart-svg svg').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await expect(dialog.locator('.chart-tooltip')).toBeVisible();
  await expect(dialog.locator('.chart-tooltip')).toContainText('GFLOP/s');
  await screenshot(page, 'presenter-chart', false);

  for (let i = 0; i < charts + 2; i++) await page.keyboard.press('ArrowRight');
  await expect(dialog.locator('.deck-count')).toHaveText(`Slide ${charts + 1} / ${charts + 1}`);
  await page.keyboard.press('ArrowLeft');
  await expect(dialog.locator('.deck-count')).toHaveText(`Slide ${charts} / ${charts + 1}`);

  // ↓ / ↑ walk the presets; the modeled view recomputes and the slide stays.
  const metric = dialog.locator('.deck-metric-number');
  await page.keyboard.press('ArrowDown');
  await expect(dialog.locator('.deck-preset')).toContainText('GEMV (LLM decode, f32)');
  await expect.poll(() => query(page).get('preset')).toBe('gemv-decode');
  const gemv = await metric.textContent();
  await page.keyboard.press('ArrowDown');
  await expect(dialog.locator('.deck-preset')).toContainText('Elementwise add (f32)');
  await expect(metric).not.toHaveText(gemv!);
  await page.keyboard.press('ArrowUp');
  await expect(dialog.locator('.deck-preset')).toContainText('GEMV (LLM decode, f32)');
  await expect.poll(() => query(page).get('slide')).toBe(String(charts));

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect.poll(() => query(page).get('slide')).toBeNull();
  expect(query(page).get('preset')).toBe('gemv-decode');
  expect(watch.consoleErrors).toEqual([]);
});

test('R runs the experiment from the deck with its progress on screen', async ({ page, watch }) => {
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/?exp=device-probe&preset=quick&slide=1');
  const dialog = deck(page);
  await expect(dialog).toBeVisible();
  await page.keyboard.press('r');
  await expect(dialog.getByRole('progressbar', { name: 'Run progress' })).toBeVisible();
  // When the run finishes its charts become slides.
  await expect(dialog.locator('.deck-count')).not.toHaveText('Slide 1 / 1', { timeout: 120_000 });
  await page.keyboard.press('ArrowRight');
  await expect(dialog.locator('.chart-svg svg')).toBeVisible();
  await expect(dialog.locator('.deck-metric .badge')).toHaveText('measured');
  await screenshot(page, 'presenter-run', false);
  expect(watch.consoleErrors).toEqual([]);
});

test('a chart slide keeps its width on a phone in landscape', async ({ page }) => {
  await page.setViewportSize({ width: 844, height: 390 });
  await page.goto('/?exp=roofline&slide=2');
  const dialog = deck(page);
  await expect(dialog.locator('.chart-svg svg')).toBeVisible();
  const type = await chartType(dialog);
  expect(type.width).toBeGreaterThan(500);
  const box = (await dialog.locator('.chart-svg svg').boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(390 + 1);
  await screenshot(page, 'presenter-phone', false);
});

// Slides are often built from exported charts and the page's charts: both must be talk-ready.
test('exported charts are light with a caption; the Target GPU select changes the roofline', async ({ page }) => {
  await page.goto('/?exp=roofline&gpuModel=h100-sxm');
  const chart = page.locator('.chart').first();
  const svgOf = chart.locator('.chart-svg svg');
  await expect(svgOf).toHaveAttribute('aria-label', /H100 80GB SXM highlighted/);
  await expect(chart.locator('.chart-legend text[font-weight="700"]')).toHaveText('H100 80GB SXM');
  await page.getByLabel('Target GPU').selectOption('a100-80gb');
  await expect(svgOf).toHaveAttribute('aria-label', /A100 80GB SXM highlighted/);
  await expect(chart.locator('.chart-legend text[font-weight="700"]')).toHaveText('A100 80GB SXM');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    chart.getByRole('button', { name: /^Download SVG/ }).click(),
  ]);
  const { readFile } = await import('node:fs/promises');
  const svg = await readFile((await download.path())!, 'utf8');
  expect(svg).not.toContain('var(--');
  expect(svg).toContain('fill="#ffffff"');
  expect(svg).toContain('Roofline explorer — Rooflines');
  expect(svg).toContain('gpuModel=a100-80gb');
  expect(svg).toContain('Attainable: modeled');
  expect(svg).toMatch(/MLSys Workbench \d+\.\d+\.\d+/);
});
