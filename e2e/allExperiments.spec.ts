// Every registered experiment opens, shows its paper card when it has one, and draws its
// modeled charts without errors. New experiments are covered as soon as they are registered.
import { expect, screenshot, test } from './fixtures';

test('every experiment opens and its live charts draw', async ({ page, watch }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  const cards = await page
    .locator('.gallery .card')
    .evaluateAll((els) =>
      els.map((c) => ({ id: c.getAttribute('data-experiment')!, title: c.querySelector('h3')!.textContent!.trim() })),
    );
  expect(cards.length).toBeGreaterThanOrEqual(2);
  for (const [i, { id, title }] of cards.entries()) {
    await page.getByLabel('Open experiment').selectOption(id);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(page).toHaveURL(/[?&]exp=/);
    // Either a live view appears by itself or the page asks for Run; nothing else.
    await expect(page.locator('#results-heading, .results-empty').first()).toBeVisible();
    const needsRun = await page.locator('.results-empty', { hasText: 'Press Run' }).count();
    if (!needsRun) {
      await expect(page.getByRole('heading', { name: 'Results' })).toBeVisible();
      const charts = page.locator('.chart-svg svg');
      for (let c = 0; c < (await charts.count()); c++) {
        await expect(charts.nth(c)).not.toContainText('Cannot draw chart');
      }
      await expect(page.locator('.chart-missing')).toHaveCount(0);
      await expect(page.locator('.alert-error')).toHaveCount(0);
    }
    const paper = page.getByRole('region', { name: 'Paper' });
    if (await paper.count()) await expect(paper.getByRole('link')).toHaveAttribute('href', /^https:\/\//);
    await screenshot(page, `experiment-${i}`);
  }
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
});
