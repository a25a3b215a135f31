// Runs before `npm test`: the GPU tests need SwiftShader's Vulkan ICD (shipped by Debian's
// chromium package) and the Vulkan loader for dawn.node; the e2e tests need a Chromium binary.
// Fail early with the fix instead of deep inside a test.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const problems = [];
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium))
  problems.push(`no Chromium at ${chromium} (set CHROMIUM_PATH, or on Debian: apt-get install chromium)`);
const icd = process.env.VK_ICD_FILENAMES ?? '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!existsSync(icd))
  problems.push(`no Vulkan ICD at ${icd} (Debian's chromium package ships SwiftShader's; or set VK_ICD_FILENAMES)`);
let hasLoader = false;
try {
  hasLoader = /libvulkan\.so\.1/.test(execSync('ldconfig -p', { encoding: 'utf8' }));
} catch {
  hasLoader = true; /* not Linux-like: let dawn.node say */
}
if (!hasLoader) problems.push('no Vulkan loader libvulkan.so.1 (on Debian: apt-get install libvulkan1)');

if (problems.length) {
  console.error(
    'npm test needs a few system packages:\n' +
      problems.map((p) => `  - ${p}`).join('\n') +
      '\nOn Debian/Ubuntu as root: apt-get update && apt-get install -y chromium libvulkan1',
  );
  process.exit(1);
}
