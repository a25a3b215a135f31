// "Load results": results files written by the experiment command (--json) open as runs from that
// device beside the live view, through the picker or by dropping them on the page; wrong files
// give a clear message, and several devices' files are compared side by side.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';

const FIXTURES = new URL('../src/state/__fixtures__/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');
const jsonFile = (name: string, text: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

/** The benchmarks run written on SwiftShader, as if run on a second device twice as fast. */
function otherDevice(): string {
  const doc = JSON.parse(fixture('benchmarks.swiftshader.results.json'));
  Object.assign(doc.device, {
    description: 'Test GPU',
    vendor: 'acme',
    architecture: 'x1',
    isFallbackAdapter: false,
    isCpuEmulation: false,
  });
  for (const m of doc.result.metrics) if (m.provenance === 'measured' && typeof m.value === 'number') m.value *= 2;
  const results = doc.result.tables.find((t: { id: string }) => t.id === 'results');
  const roof = results.columns.findIndex((c: { key: string }) => c.key === 'roofPct');
  for (const row of results.rows) if (typeof row[roof] === 'number') row[roof] *= 2;
  return JSON.stringify(doc);
}

/** Drops files on the page the way a file manager does: dragenter, dragover, drop with a DataTransfer. */
async function dropFiles(page: Page, files: { name: string; text: string }[]): Promise<void> {
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.text], f.name, { type: 'application/json' }));
    const target = document.querySelector('main')!;
    for (const type of ['dragenter', 'dragover', 'drop'])
      target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}

test.use({ viewport: { width: 1280, height: 720 } });

test('a results file opens beside the live model; wrong files say why', async ({ page, watch }) => {
  await page.goto('/?exp=roofline');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Roofline explorer');
  const picker = page.getByLabel('Results file');
  await picker.setInputFiles(jsonFile('roofline.results.json', fixture('roofline.results.json')));
  const loaded = page.locator('[data-view="loaded"]');
  await expect(loaded.getByRole('heading', { name: 'Run without a GPU (modeled only)' })).toBeVisible();
  await expect(loaded).toContainText('Loaded from the file “roofline.results.json”');
  await expect(loaded).toContainText('at the current parameters');
  await expect(loaded.locator('.metric-label').first()).toBeVisible();
  await expect(loaded.locator('svg').first()).toBeVisible();
  // The live model stays above it.
  await expect(page.getByRole('heading', { name: 'Results', exact: true })).toBeVisible();
  // A link at the top leads down to it.
  await page.getByRole('link', { name: 'The run loaded from “roofline.results.json”' }).click();
  await expect(loaded.getByRole('heading', { level: 2 })).toBeInViewport();
  await screenshot(page, 'load-results-roofline', false);

  // Not JSON: a message, the page and the loaded run stay.
  await picker.setInputFiles(jsonFile('broken.json', '{"experiment": '));
  const alert = page.getByRole('alert').filter({ hasText: 'cannot be shown' });
  await expect(alert).toContainText('“broken.json” is not valid JSON');
  await expect(loaded).toBeVisible();
  await alert.getByRole('button', { name: 'Dismiss' }).click();
  await expect(alert).toHaveCount(0);

  // Wrong shape and unknown experiment.
  await picker.setInputFiles(jsonFile('other.json', '{"experiment": {"id": "roofline"}, "seed": 1, "params": {}}'));
  await expect(alert).toContainText('result should be an object');
  await picker.setInputFiles(
    jsonFile('future.json', fixture('roofline.results.json').replace('"id": "roofline"', '"id": "warp-drive"')),
  );
  await expect(alert).toContainText('does not know (“warp-drive”)');

  // A file of another experiment: offered, not mixed in.
  await picker.setInputFiles(jsonFile('spec.json', fixture('spec-decoding.modeled.results.json')));
  await expect(alert).toContainText('not of “Roofline explorer”');
  await screenshot(page, 'load-results-other-experiment', false);
  await alert.getByRole('button', { name: /^Open “.*” with these results$/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Roofline explorer');
  await expect(page.locator('[data-view="loaded"]')).toContainText('Loaded from the file “spec.json”');
  // Its reproduction verdicts and notices come with it, with their provenance.
  await expect(page.locator('[data-view="loaded"] .reproduction').first()).toBeVisible();
  await expect(page.locator('[data-view="loaded"]')).toContainText('No WebGPU');

  expect(watch.consoleErrors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
});

test('files dropped on the gallery open benchmarks and compare devices side by side', async ({ page, watch }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ML-systems papers as live experiments');
  await dropFiles(page, [
    { name: 'swiftshader.json', text: fixture('benchmarks.swiftshader.results.json') },
    { name: 'test-gpu.json', text: otherDevice() },
  ]);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Kernel benchmarks/);
  const compare = page.getByRole('region', { name: /Devices side by side \(2 runs\)/ });
  await expect(compare).toBeVisible();
  // One row per device in the metrics table.
  const table = compare.getByRole('table');
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(table.getByRole('cell', { name: /^SwiftShader.*\(CPU emulation\)$/ })).toBeVisible();
  await expect(table.getByRole('cell', { name: 'Test GPU (acme/x1)' })).toBeVisible();
  // The chart has one series per device.
  await expect(compare.locator('svg').first()).toContainText('Test GPU');
  await expect(page.locator('[data-view="loaded"]')).toHaveCount(2);
  await expect(page.getByRole('heading', { name: /^Run on SwiftShader.*\(CPU emulation\)$/ })).toBeVisible();
  await page.locator('#compare-heading').evaluate((e) => e.scrollIntoView());
  await screenshot(page, 'load-results-compare', false);

  // Removing one run leaves a single device: no comparison.
  await page.locator('[data-view="loaded"]').nth(1).getByRole('button', { name: 'Remove this run' }).click();
  await expect(compare).toHaveCount(0);
  await expect(page.locator('[data-view="loaded"]')).toHaveCount(1);

  // A dropped file that is not a results file: the message, no crash.
  await dropFiles(page, [{ name: 'notes.json', text: '{"hello": "world"}' }]);
  await expect(page.getByRole('alert').filter({ hasText: 'cannot be shown' })).toContainText(
    'experiment should be an object',
  );
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Kernel benchmarks/);
  expect(watch.consoleErrors).toEqual([]);
});
