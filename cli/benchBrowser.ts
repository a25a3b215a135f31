// The browser side of `npm run bench`: builds the app into a temporary folder, serves it with
// `vite preview` on 127.0.0.1 (a free port: WebGPU needs a secure context), opens
// /?exp=benchmarks in headless Chromium, presses Run, waits, and collects every result table
// through the page's own "Download CSV" buttons, plus the metrics, checks and notices it shows.
// Nothing leaves the machine: requests to any other origin are blocked and reported.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { UserInputError } from '../src/core';
import type { Adapter } from './benchOptions';
import { BenchTimeoutError, gaveUpMessage } from './benchTimeout';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const QUIET = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Chromium flags: WebGPU on SwiftShader, or on the machine's GPU through Vulkan. */
export function chromiumArgs(adapter: Adapter): string[] {
  const common = ['--enable-unsafe-webgpu', '--enable-webgpu-developer-features', ...QUIET];
  return adapter === 'swiftshader'
    ? ['--use-webgpu-adapter=swiftshader', ...common]
    : ['--enable-features=Vulkan', '--use-angle=vulkan', '--ignore-gpu-blocklist', ...common];
}

export interface CollectedRun {
  url: string;
  /** Table id → the CSV text the page downloaded (src/experiments/csv.ts buildCsv format). */
  csv: Map<string, string>;
  metrics: { key: string; label: string; value: string; unit: string }[];
  checks: { passed: boolean; name: string; detail: string }[];
  notices: string[];
  /** Console errors and requests to other origins; null where nothing watches them (the Node host). */
  pageErrors: string[] | null;
  blockedRequests: string[] | null;
}

/** Thrown when the experiment itself reports an error in the page. */
export class PageRunError extends Error {
  override name = 'PageRunError';
  constructor(
    readonly title: string,
    message: string,
  ) {
    super(`${title}: ${message}`);
  }
}

export async function buildApp(log: (line: string) => void): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'mlsys-bench-'));
  log(`building the app into ${outDir}`);
  await build({
    root: REPO_ROOT,
    configFile: join(REPO_ROOT, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, sourcemap: false },
  });
  return outDir;
}

export async function serve(outDir: string): Promise<PreviewServer> {
  return preview({
    root: REPO_ROOT,
    configFile: join(REPO_ROOT, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
}

async function waitForRun(page: Page, timeoutMs: number, log: (line: string) => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const status = await page
      .locator('[role="progressbar"]')
      .getAttribute('class')
      .catch(() => null);
    const message =
      (
        await page
          .locator('.run-message')
          .textContent()
          .catch(() => null)
      )?.trim() ?? '';
    if (message && message !== last) {
      log(message);
      last = message;
    }
    if (status?.includes('progress-done')) return;
    if (status?.includes('progress-error')) {
      const alert = page.locator('.alert-error');
      throw new PageRunError(
        (await alert.locator('strong').textContent()) ?? 'Run failed',
        (await alert.locator('.alert-message').textContent()) ?? '',
      );
    }
    if (status?.includes('progress-cancelled')) throw new Error('the run was cancelled in the page');
    if (Date.now() > deadline) throw new BenchTimeoutError(gaveUpMessage(timeoutMs / 1000, last));
    await page.waitForTimeout(500);
  }
}

async function downloadTables(page: Page): Promise<Map<string, string>> {
  const csv = new Map<string, string>();
  const buttons = page.locator('.results').getByRole('button', { name: /^Download CSV/ });
  for (let i = 0; i < (await buttons.count()); i++) {
    const [download] = await Promise.all([page.waitForEvent('download'), buttons.nth(i).click()]);
    const text = await readFile((await download.path())!, 'utf8');
    const id = /^# table: (\S+)/m.exec(text)?.[1] ?? download.suggestedFilename();
    csv.set(id, text);
  }
  return csv;
}

export async function runInChromium(
  origin: string,
  query: string,
  adapter: Adapter,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<CollectedRun> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new UserInputError(
      `Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs(adapter) });
  const pageErrors: string[] = [];
  const blockedRequests: string[] = [];
  try {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(`uncaught: ${e.message}`));
    const own = new URL(origin).origin;
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (/^(data|blob):/.test(url) || new URL(url).origin === own) return route.continue();
      blockedRequests.push(url);
      return route.abort();
    });
    const url = `${origin}?${query}`;
    await page.goto(url);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const unknown = await page.locator('.alert, [role="note"]').allTextContents();
    if (unknown.some((t) => /ignored|not valid/.test(t))) log(`warning: the page reported: ${unknown.join(' | ')}`);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await waitForRun(page, timeoutMs, log);
    const csv = await downloadTables(page);
    const metrics = await page.locator('[data-metric]').evaluateAll((els) =>
      els.map((e) => ({
        key: e.getAttribute('data-metric') ?? '',
        label: e.querySelector('.metric-label')?.textContent ?? '',
        value: e.querySelector('.metric-number')?.textContent ?? '',
        unit: (e.querySelector('.metric-unit')?.textContent ?? '').trim(),
      })),
    );
    const checks = await page.locator('.check').evaluateAll((els) =>
      els.map((e) => ({
        passed: e.classList.contains('check-pass'),
        name: e.querySelector('.check-name')?.textContent ?? '',
        detail: [...e.querySelectorAll('.check-detail')].map((d) => d.textContent).join(' · '),
      })),
    );
    const notices = await page.locator('.result-notices li').allTextContents();
    return { url, csv, metrics, checks, notices, pageErrors, blockedRequests };
  } finally {
    await browser.close();
  }
}

export async function removeBuild(outDir: string): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
}
