// E2E against the production build served by `vite preview` (built first by `npm run test:e2e`).
// Chromium is the system one; WebGPU comes from SwiftShader (CPU emulation), so tests check
// behaviour, never speed.
import { defineConfig } from '@playwright/test';
import { webgpuChromiumArgs, chromiumPath } from './e2e/chromium';

export default defineConfig({
  testDir: './e2e',
  testMatch: '*.spec.ts',
  outputDir: './e2e-artifacts/results',
  timeout: 60_000,
  expect: { timeout: 20_000 },
  workers: 1,
  retries: 0,
  fullyParallel: false,
  reporter: 'list',
  use: {
    baseURL: 'http://127.0.0.1:4173',
    acceptDownloads: true,
    screenshot: 'only-on-failure',
    trace: 'off',
    viewport: { width: 1440, height: 900 },
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: chromiumPath, args: webgpuChromiumArgs },
      },
    },
  ],
  webServer: {
    command: 'npx vite preview --port 4173 --strictPort',
    url: 'http://127.0.0.1:4173',
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
