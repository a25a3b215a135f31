// Shared test fixture: every page records console errors, uncaught exceptions and any request
// that leaves the app's own origin, so each test can assert the app stayed quiet and local.
import { test as base, expect, type Page } from '@playwright/test';

export interface PageWatch {
  consoleErrors: string[];
  foreignRequests: string[];
  /** Same-origin responses with status >= 400 (a missing favicon would show up here). */
  failedResponses: string[];
}

export const test = base.extend<{ watch: PageWatch }>({
  watch: async ({ page, baseURL }, use) => {
    const watch: PageWatch = { consoleErrors: [], foreignRequests: [], failedResponses: [] };
    const origin = new URL(baseURL!).origin;
    page.on('console', (m) => {
      if (m.type() === 'error') watch.consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => watch.consoleErrors.push(`uncaught: ${e.message}`));
    page.on('request', (r) => {
      const url = r.url();
      if (/^(data|blob):/.test(url)) return;
      if (new URL(url).origin !== origin) watch.foreignRequests.push(url);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) watch.failedResponses.push(`${r.status()} ${r.url()}`);
    });
    await use(watch);
  },
});

export { expect };

/** Saved under e2e-artifacts/screenshots (gitignored). Full page unless an overlay is the subject. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: `e2e-artifacts/screenshots/${name}.png`, fullPage });
}

/** The search params of the page's current URL. */
export function query(page: Page): URLSearchParams {
  return new URL(page.url()).searchParams;
}

/** Waits until the modeled experiment has produced results for the current parameters. */
export async function waitForResults(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Results' })).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Run progress' })).toHaveAttribute('aria-valuenow', '100');
}
