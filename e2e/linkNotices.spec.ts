// Garbled links still open a working view and say what they ignored.
import { expect, query, test, waitForResults } from './fixtures';

test('a garbage parameter value falls back to the default with a notice naming it', async ({ page, watch }) => {
  await page.goto('/?exp=roofline&intensity=banana&gpuModel=h100-sxm');
  const notice = page.getByRole('status').filter({ hasText: 'intensity' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText(/invalid|ignored/);
  await expect(notice).toContainText('banana');
  await waitForResults(page);
  // The valid part of the link was kept; the invalid one fell back to its default.
  await expect(page.getByLabel('Target GPU')).toHaveValue('h100-sxm');
  await expect(page.getByLabel('Arithmetic intensity', { exact: true })).toHaveValue('10');
  await expect.poll(() => query(page).get('intensity')).toBe('10');
  // And the app still works.
  await page.getByLabel('Arithmetic intensity', { exact: true }).fill('5');
  await expect.poll(() => query(page).get('intensity')).toBe('5');
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toBeHidden();
  expect(watch.consoleErrors).toEqual([]);
});

test('an unknown experiment id falls back to the first experiment with a notice', async ({ page }) => {
  await page.goto('/?exp=no-such-experiment&seed=abc');
  const notice = page.getByRole('status').filter({ hasText: 'no-such-experiment' });
  await expect(notice).toContainText('unknown experiment "no-such-experiment" ignored');
  await expect(notice).toContainText('seed="abc" is invalid');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Device probe');
  await expect.poll(() => query(page).get('exp')).toBe('device-probe');
});

test('a graph too large for the live view says which scale fits, and the page stays usable', async ({
  page,
  watch,
}) => {
  await page.goto('/?exp=graph-snapshot&graph=ogbn-products&ogbScale=4');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('2,000,000 edges');
  await expect(alert).toContainText('to 31 or more');
  await expect(page.getByText('No results for these parameters.')).toBeVisible();
  // Following the advice brings the live view back (the scale is under Advanced).
  await page.locator('summary', { hasText: 'Advanced' }).click();
  await page.getByLabel('ogb-like graphs: scale 1/x', { exact: true }).fill('64');
  await waitForResults(page);
  await expect(alert).toBeHidden();
  expect(watch.consoleErrors).toEqual([]);
});
