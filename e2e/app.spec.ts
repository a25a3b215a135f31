import { expect, screenshot, test, waitForResults } from './fixtures';

test('loads with no console errors and no requests to other origins', async ({ page, watch }) => {
  await page.goto('/');
  await expect(page).toHaveTitle('MLSys Workbench');
  // The home page is the gallery: every registered experiment has a card.
  const gallery = page.locator('.gallery');
  await expect(gallery.getByRole('link', { name: /Device probe/ })).toBeVisible();
  await expect(gallery.getByRole('link', { name: /Roofline explorer/ })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ML-systems papers as live experiments');
  // Opening a modeled experiment computes without a click.
  await gallery.getByRole('link', { name: /Roofline explorer/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Roofline explorer');
  await waitForResults(page);
  await expect(page.locator('.chart-svg svg').first()).toBeVisible();
  await screenshot(page, 'app-roofline');
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
  expect(watch.failedResponses).toEqual([]);
});
