// A Run's measured results survive slider moves: they stay on screen, marked with the parameters
// they were measured at and a "stale" badge, while the live model updates beside them; re-running
// is one click. LV-XAttn with small kernel shapes keeps the SwiftShader run short.
import { expect, test } from './fixtures';

const SMALL =
  '/?exp=lv-xattn&kernelDevices=2&kernelTextTokens=16&kernelVisualTokens=128&kernelHeads=2&kernelKvHeads=1&kernelHeadDim=16';

test('after a Run, moving a slider keeps the measured metrics with a stale badge', async ({ page, watch }) => {
  test.setTimeout(150_000);
  await page.goto(SMALL);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('LV-XAttn');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.locator('.run-message')).toHaveText('Done', { timeout: 120_000 });
  const measuredBadges = page.locator('[data-metric] .badge', { hasText: 'measured' });
  await expect(measuredBadges.first()).toBeVisible();
  const measuredCount = await measuredBadges.count();

  // "Nodes" only affects the model: the live view recomputes, the run stays beside it.
  await page.getByLabel('Nodes', { exact: true }).fill('8');
  const kept = page.locator('[data-view="measured"]');
  await expect(kept).toBeVisible();
  await expect(kept.locator('.badge-stale')).toHaveText('stale');
  await expect(kept.locator('.stale-note')).toContainText('Nodes 4');
  await expect(kept.locator('.stale-note')).toContainText('now 8');
  await expect(kept.locator('[data-metric] .badge', { hasText: 'measured' })).toHaveCount(measuredCount);
  await expect(kept.getByRole('region', { name: 'Correctness checks' })).toContainText('pass');
  await expect(kept.locator('.check-fail')).toHaveCount(0);
  await expect(page.locator('.results-meta').first()).toContainText('Live model');

  // One click re-runs at the current parameters; the kept run then matches them.
  await kept.getByRole('button', { name: 'Re-run with current parameters' }).click();
  await expect(page.locator('.run-message')).toHaveText('Done', { timeout: 120_000 });
  await expect(page.locator('.badge-stale')).toHaveCount(0);
  expect(watch.consoleErrors).toEqual([]);
});
