// A modeled experiment: live recompute, URL state that survives reload, CSV export.
import { readFile } from 'node:fs/promises';
import { csvParse } from 'd3';
import { expect, query, screenshot, test, waitForResults } from './fixtures';

test('moving the intensity control updates the URL and a reload restores it', async ({ page, watch }) => {
  await page.goto('/?exp=roofline');
  await waitForResults(page);
  const input = page.getByLabel('Arithmetic intensity', { exact: true });
  const metric = page.locator('[data-metric="attainable"] .metric-number');
  const before = await metric.textContent();

  await input.fill('0.25');
  await expect.poll(() => query(page).get('intensity')).toBe('0.25');
  await expect(metric).not.toHaveText(before!);

  // Keyboard on the log slider moves the value up and the URL follows.
  await page.getByLabel('Arithmetic intensity slider').press('ArrowRight');
  await expect.poll(() => Number(query(page).get('intensity'))).toBeGreaterThan(0.25);
  const moved = query(page).get('intensity')!;

  await page.getByLabel('Target GPU').selectOption('h100-sxm');
  await expect.poll(() => query(page).get('gpuModel')).toBe('h100-sxm');

  await page.reload();
  await waitForResults(page);
  await expect(page.getByLabel('Arithmetic intensity', { exact: true })).toHaveValue(moved);
  await expect(page.getByLabel('Target GPU')).toHaveValue('h100-sxm');
  await expect(page.locator('[data-metric="attainable"] .metric-label')).toContainText('H100');
  expect(watch.consoleErrors).toEqual([]);
});

test('an out-of-range typed value is rejected inline and changes nothing', async ({ page }) => {
  await page.goto('/?exp=roofline&intensity=3');
  await waitForResults(page);
  const input = page.getByLabel('Arithmetic intensity', { exact: true });
  await input.fill('99999');
  await expect(page.getByRole('alert')).toContainText('out of range');
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  expect(query(page).get('intensity')).toBe('3');
  await input.fill('7');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect.poll(() => query(page).get('intensity')).toBe('7');
});

test('Download CSV gives a parseable file with provenance comments', async ({ page }) => {
  await page.goto('/?exp=roofline&intensity=2&seed=7');
  await waitForResults(page);
  const button = page.getByRole('button', { name: /^Download CSV: Attainable throughput/ });
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(download.suggestedFilename()).toBe('roofline-roofline.csv');
  const text = await readFile((await download.path())!, 'utf8');
  const lines = text.split('\n');
  const comments = lines.filter((l) => l.startsWith('# '));
  expect(comments).toContain('# experiment: roofline');
  expect(comments).toContain('# seed: 7');
  expect(comments.find((c) => c.startsWith('# params: '))).toMatch(/intensity=2\b.*gpuModel=a100-80gb/);
  expect(comments.find((c) => c.startsWith('# device: '))).toBeTruthy();
  expect(comments.find((c) => c.startsWith('# app version: '))).toMatch(/\d+\.\d+\.\d+/);
  expect(Date.parse(comments.find((c) => c.startsWith('# generated: '))!.slice('# generated: '.length))).not.toBeNaN();

  const rows = csvParse(lines.filter((l) => !l.startsWith('# ')).join('\n'));
  expect(rows.columns).toEqual(['gpu', 'intensity', 'gflops']);
  expect(rows.length).toBeGreaterThan(10);
  for (const r of rows) {
    expect(r.gpu).not.toBe('');
    expect(Number.isFinite(Number(r.intensity))).toBe(true);
    expect(Number(r.gflops)).toBeGreaterThan(0);
  }
  await screenshot(page, 'roofline-csv');
});

test('charts download as SVG and as PNG at twice their size', async ({ page }) => {
  await page.goto('/?exp=roofline');
  await waitForResults(page);
  const [svgDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /^Download SVG: Rooflines/ }).click(),
  ]);
  expect(svgDownload.suggestedFilename()).toBe('roofline-roofline.svg');
  const svg = await readFile((await svgDownload.path())!, 'utf8');
  expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
  expect(svg).toContain('Arithmetic intensity (FLOP/B)');

  const [pngDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /^Download PNG: Rooflines/ }).click(),
  ]);
  expect(pngDownload.suggestedFilename()).toBe('roofline-roofline.png');
  const png = await readFile((await pngDownload.path())!);
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const svgWidth = Number(/<svg[^>]* width="(\d+)"/.exec(svg)![1]);
  expect(png.readUInt32BE(16)).toBe(2 * svgWidth);
  // A blank canvas compresses to almost nothing; a drawn chart does not.
  expect(png.length).toBeGreaterThan(20_000);
});
