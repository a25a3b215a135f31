import { expect, query, screenshot, test, waitForResults } from './fixtures';

test('presenter mode opens, steps presets with the arrow keys, and closes with Escape', async ({ page }) => {
  await page.goto('/?exp=roofline');
  await waitForResults(page);
  await page.getByRole('button', { name: 'Presenter mode' }).click();
  const dialog = page.getByRole('dialog', { name: 'Presenter mode' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading', { name: 'Roofline explorer' })).toBeVisible();
  await expect(dialog.locator('svg')).toBeVisible();
  await expect(dialog.locator('.metric-large .badge')).toHaveText('modeled');
  await expect(dialog.locator('.presenter-preset')).toHaveText('Preset: custom');

  const metric = dialog.locator('.metric-large .metric-number');
  await page.keyboard.press('ArrowRight');
  await expect(dialog.locator('.presenter-preset')).toHaveText('Preset: GEMV (LLM decode, f32)');
  await expect.poll(() => query(page).get('preset')).toBe('gemv-decode');
  const gemv = await metric.textContent();
  await page.keyboard.press('ArrowRight');
  await expect(dialog.locator('.presenter-preset')).toHaveText('Preset: Elementwise add (f32)');
  // The modeled experiment recomputed for the new preset.
  await expect(metric).not.toHaveText(gemv!);
  await page.keyboard.press('ArrowLeft');
  await expect(dialog.locator('.presenter-preset')).toHaveText('Preset: GEMV (LLM decode, f32)');
  await screenshot(page, 'presenter', false);

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByLabel('Preset', { exact: true })).toHaveValue('gemv-decode');
});
