// The GPU path end to end: lazy connect, real WGSL kernels on SwiftShader, measured metrics,
// correctness checks, and the CPU-emulation warning.
import { expect, screenshot, test } from './fixtures';

test('device probe runs and shows measured GFLOP/s and GB/s with the CPU-emulation banner', async ({
  page,
  watch,
  baseURL,
}) => {
  test.setTimeout(120_000);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  await page.goto('/?exp=device-probe&preset=quick');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Device probe');
  await expect(page.getByText('GPU: not connected')).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Cancel', exact: true })).toBeEnabled();

  const fma = page.locator('[data-metric="fmaGflops"]');
  const copy = page.locator('[data-metric="copyGBs"]');
  await expect(fma).toBeVisible({ timeout: 100_000 });
  for (const [card, unit] of [
    [fma, 'GFLOP/s'],
    [copy, 'GB/s'],
  ] as const) {
    await expect(card.locator('.metric-unit')).toHaveText(unit);
    await expect(card.locator('.badge')).toHaveText('measured');
    const value = Number((await card.locator('.metric-number').textContent())!.replace(/,/g, ''));
    expect(value).toBeGreaterThan(0);
    expect(Number.isFinite(value)).toBe(true);
  }
  await expect(page.getByText('Timings are CPU emulation (SwiftShader), not GPU performance')).toBeVisible();
  await expect(page.locator('.chip')).toContainText('CPU emulation');
  // Every kernel result was checked against its CPU reference.
  await expect(page.getByRole('region', { name: 'Correctness checks' })).toContainText('pass');
  await expect(page.locator('.check-fail')).toHaveCount(0);
  // The device panel now lists the adapter and its limits.
  const panel = page.locator('#device');
  await expect(panel.getByText('yes (CPU emulation)')).toBeVisible();
  await expect(panel.getByRole('cell', { name: 'maxStorageBufferBindingSize' })).toBeVisible();
  // "Copy" puts the adapter info on the clipboard as JSON, for bug reports.
  await panel.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(panel.getByRole('status')).toHaveText('Copied device info as JSON');
  const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
  expect(copied).toMatchObject({ host: 'browser', isFallbackAdapter: true });
  expect(copied.limits.maxStorageBufferBindingSize).toBeGreaterThan(0);
  await screenshot(page, 'device-probe');
  expect(watch.consoleErrors).toEqual([]);
});

test('a cancelled GPU run says Cancelled, not an error', async ({ page }) => {
  await page.goto('/?exp=device-probe&preset=thorough');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const cancel = page.getByRole('button', { name: 'Cancel', exact: true });
  await expect(cancel).toBeEnabled();
  await cancel.click();
  await expect(page.locator('.run-message')).toHaveText('Cancelled');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
});
