import { defineConfig } from 'vitest/config';

// Unit and GPU-kernel tests run in Node. GPU tests use dawn.node on SwiftShader's Vulkan ICD
// (from Debian's chromium package); override VK_ICD_FILENAMES to use another driver.
export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify('test') },
  test: {
    include: ['src/**/*.test.ts', 'cli/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // SwiftShader is CPU emulation on 2 cores: run GPU test files one at a time.
    fileParallelism: false,
    env: {
      VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? '/usr/lib/chromium/vk_swiftshader_icd.json',
    },
  },
});
