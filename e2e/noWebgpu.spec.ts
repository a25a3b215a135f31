// Without WebGPU the app still loads, explains how to get it, refuses GPU-only runs with a
// reason, and keeps running modeled experiments.
import { expect, screenshot, test, waitForResults } from './fixtures';

test.describe('browser without navigator.gpu', () => {
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(() => {
      delete (Navigator.prototype as { gpu?: unknown }).gpu;
    });
  });

  test('GPU experiments are disabled with help; modeled ones run', async ({ page, watch }) => {
    await page.goto('/?exp=device-probe');
    await expect(page.locator('.chip')).toHaveText('No WebGPU');
    await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeDisabled();
    await expect(page.locator('#run-disabled-reason')).toContainText('needs WebGPU');
    const help = page.getByRole('region', { name: 'WebGPU help' });
    await expect(help).toContainText('navigator.gpu is missing');
    await expect(help).toContainText('chrome://flags/#enable-unsafe-webgpu');
    await expect(help).toContainText('Safari 26+');
    await expect(page.getByRole('button', { name: 'Connect GPU' })).toHaveCount(0);
    await screenshot(page, 'no-webgpu');

    await page.getByLabel('Open experiment').selectOption('roofline');
    await waitForResults(page);
    await expect(page.locator('[data-metric="attainable"] .badge')).toHaveText('modeled');
    await expect(page.getByRole('region', { name: 'WebGPU help' })).toHaveCount(0);
    expect(watch.consoleErrors).toEqual([]);
  });
});
