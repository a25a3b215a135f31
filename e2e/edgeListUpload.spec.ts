// A user's own graph in the browser: choose an edge-list file for GraphSnapShot, press Run, and
// the results say which file was used and how its ids were read; a malformed file gives an alert
// naming the line instead of a crash.
import { expect, screenshot, test } from './fixtures';

// Small settings so the run is quick on SwiftShader: 2 hops of fanout 3, θ = 4, one epoch.
const SMALL = '/?exp=graph-snapshot&hops=2&fanout=3&theta=4&batchSize=8&runEpochs=1&modelBatches=2';

test('an uploaded edge list is run, and the results name it and its detected id base', async ({ page, watch }) => {
  test.setTimeout(120_000);
  await page.goto(SMALL);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('GraphSnapShot');
  await page.getByLabel('Edge list file').setInputFiles('e2e/fixtures/two-rings-1based.csv');
  await expect(page.getByText('Using two-rings-1based.csv')).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();

  const notices = page.getByRole('list', { name: 'Notices' });
  await expect(notices).toContainText('uploaded edge list "two-rings-1based.csv"', { timeout: 100_000 });
  await expect(notices).toContainText('ids read as 1-based (1..16 → 0..15)');
  await expect(notices).toContainText('("source,target") read as a header');
  await expect(notices).toContainText('No node labels file: training and accuracy are skipped');
  // Measured sampling on the uploaded graph, and no accuracy without labels.
  await expect(page.locator('[data-metric="runSamplingMs"] .badge')).toHaveText('measured');
  await expect(page.locator('[data-metric^="runAcc"]')).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await screenshot(page, 'edge-list-upload');
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
});

test('a malformed edge list gives an alert naming the line', async ({ page }) => {
  await page.goto(SMALL);
  await page
    .getByLabel('Edge list file')
    .setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('source,target\n1,2\n2,three\n') });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Invalid input');
  await expect(alert).toContainText("broken.csv: invalid node id 'three' on line 3");
});
