// Node host: dawn.node (npm `webgpu`). Only Node code (CLI, tests) imports this file, so the
// native module never reaches the browser bundle.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Gpu } from './gpu';
import { WebGpuUnavailableError } from './errors';

/** SwiftShader's Vulkan ICD ships with Debian's chromium package; Dawn rejects Debian 12's lavapipe. */
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

export interface NodeGpuOptions {
  /** Use the adapter whose name contains this text (dawn.node's `adapter=` option); default: Dawn's choice. */
  adapter?: string;
}

export async function createNodeGpu(opts: NodeGpuOptions = {}): Promise<Gpu> {
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) {
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  }
  // The Vulkan loader pulls in libwayland, which prints "error: XDG_RUNTIME_DIR is invalid" on
  // headless machines; that reads like one of our errors, so give it a directory.
  if (!process.env.XDG_RUNTIME_DIR) process.env.XDG_RUNTIME_DIR = tmpdir();
  let mod: typeof import('webgpu');
  try {
    mod = await import('webgpu');
  } catch (e) {
    throw new WebGpuUnavailableError(
      'node-module-missing',
      `cannot load dawn.node (npm 'webgpu'): ${(e as Error).message}`,
    );
  }
  // dawn.node's classes (GPUBufferUsage, ...) must be global for code written against the browser API.
  Object.assign(globalThis, mod.globals);
  // Dawn quantises timestamps (to ~65 µs) unless told not to, as Chrome does without
  // --enable-webgpu-developer-features; kernel timing needs the full resolution.
  const flags = ['disable-dawn-features=timestamp_quantization'];
  if (opts.adapter) flags.push(`adapter=${opts.adapter}`);
  let entry: GPU | null = mod.create(flags);
  try {
    return await Gpu.create(entry, {
      host: 'node',
      // The process cannot exit while the GPU object is referenced (crbug 387965810).
      onDestroy: () => {
        entry = null;
      },
    });
  } catch (e) {
    if (e instanceof WebGpuUnavailableError && e.reason === 'no-adapter') {
      throw new WebGpuUnavailableError(
        'no-adapter',
        `dawn.node found no Vulkan adapter. On Debian: apt-get install chromium libvulkan1 (SwiftShader ICD at ${SWIFTSHADER_ICD}), or set VK_ICD_FILENAMES.`,
      );
    }
    // dawn.node rejects with "no suitable backends found\nAvailable adapters: …" when no adapter
    // matches `adapter=`: a user error, and the list says what to ask for.
    if (opts.adapter && /no suitable backends found/.test((e as Error).message)) {
      entry = null;
      throw new WebGpuUnavailableError(
        'no-adapter',
        `no WebGPU adapter matches "${opts.adapter}". ${(e as Error).message.replace(/^no suitable backends found\s*/, '')}`,
      );
    }
    throw e;
  }
}
