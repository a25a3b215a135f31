import { expect, screenshot, test, waitForResults } from './fixtures';

test('loads with no console errors and no requests to other origins', async ({ page, watch }) => {
  await page.goto('/');
  await expect(page).toHaveTitle('MLSys Workbench');
  await expect(page.getByRole('navigation', { name: 'Experiments' })).toBeVisible();
  // Every registered experiment is listed; the first one is selected and titled.
  const nav = page.getByRole('navigation', { name: 'Experiments' });
  await expect(nav.getByRole('button', { name: /Device probe/ })).toBeVisible();
  await expect(nav.getByRole('button', { name: /Roofline explorer/ })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Device probe');
  // Switching to a modeled experiment computes without a click.
  await nav.getByRole('button', { name: /Roofline explorer/ }).click();
  await waitForResults(page);
  await expect(page.locator('.chart-svg svg').first()).toBeVisible();
  await screenshot(page, 'app-roofline');
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
  expect(watch.failedResponses).toEqual([]);
});
