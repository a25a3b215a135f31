// The pieces of `npm run bench -- --host node` that need no GPU: which adapter and Vulkan driver
// it asks for, how the Node host hands the peers their files, and how --timeout gives up on a run
// that never returns.
import { describe, expect, it } from 'vitest';
import { parseBenchArgs, nodeAdapter } from './benchOptions';
import { BenchTimeoutError, giveUpAfter } from './benchTimeout';
import { nodeFiles, SWIFTSHADER_ICD, swiftShaderIcdFor } from '../src/gpu/node';
import { ORT_WASM } from '../src/experiments/benchmarks/harness/ortPeer';

describe('the adapter and driver --host node asks for', () => {
  const there = () => true;

  it('points Vulkan at SwiftShader only when SwiftShader is asked for', () => {
    expect(swiftShaderIcdFor({ adapter: 'SwiftShader' }, {}, there)).toBe(SWIFTSHADER_ICD);
    expect(swiftShaderIcdFor({ adapter: 'swiftshader device' }, {}, there)).toBe(SWIFTSHADER_ICD);
    // A GPU asked for by name, or Dawn's choice, gets the machine's own drivers.
    expect(swiftShaderIcdFor({ adapter: 'NVIDIA' }, {}, there)).toBeUndefined();
    expect(swiftShaderIcdFor({}, {}, there)).toBeUndefined();
    // The tests and the experiment CLI keep SwiftShader as their default...
    expect(swiftShaderIcdFor({ defaultToSwiftShader: true }, {}, there)).toBe(SWIFTSHADER_ICD);
    // ...but not over an adapter named, a driver the user chose, or a missing chromium.
    expect(swiftShaderIcdFor({ adapter: 'NVIDIA', defaultToSwiftShader: true }, {}, there)).toBeUndefined();
    expect(swiftShaderIcdFor({ adapter: 'SwiftShader' }, { VK_ICD_FILENAMES: '/x.json' }, there)).toBeUndefined();
    expect(swiftShaderIcdFor({ adapter: 'SwiftShader' }, { VK_DRIVER_FILES: '/x.json' }, there)).toBeUndefined();
    expect(swiftShaderIcdFor({ adapter: 'SwiftShader' }, {}, () => false)).toBeUndefined();
  });

  it('--adapter default means $WORKBENCH_ADAPTER, else Dawn’s choice, as for the other CLIs', () => {
    const saved = process.env.WORKBENCH_ADAPTER;
    try {
      delete process.env.WORKBENCH_ADAPTER;
      expect(nodeAdapter('swiftshader')).toBe('SwiftShader');
      expect(nodeAdapter('default')).toBeUndefined();
      process.env.WORKBENCH_ADAPTER = 'H200';
      expect(nodeAdapter('default')).toBe('H200');
      expect(nodeAdapter('swiftshader')).toBe('SwiftShader');
    } finally {
      if (saved === undefined) delete process.env.WORKBENCH_ADAPTER;
      else process.env.WORKBENCH_ADAPTER = saved;
    }
  });

  it('without --adapter, $WORKBENCH_ADAPTER selects `default` for the Node host only', () => {
    expect(parseBenchArgs(['--host', 'node'], false, 'H200')!.adapter).toBe('default');
    expect(parseBenchArgs(['--host', 'node'], false, undefined)!.adapter).toBe('swiftshader');
    expect(parseBenchArgs(['--host', 'node', '--adapter', 'swiftshader'], true, 'H200')!.adapter).toBe('swiftshader');
    // Chromium cannot pick an adapter by name: the variable means nothing to it.
    expect(parseBenchArgs([], false, 'H200')!.adapter).toBe('swiftshader');
  });
});

describe('the Node host’s files for the peers', () => {
  it('reads ORT’s WebAssembly from node_modules (the GPU kit: beside its bundle)', async () => {
    const bytes = await nodeFiles.read(ORT_WASM);
    expect([...bytes.subarray(0, 4)]).toEqual([0x00, 0x61, 0x73, 0x6d]); // "\0asm"
    expect(bytes.byteLength).toBeGreaterThan(1 << 20);
  });

  it('says where it looked when a file is missing', async () => {
    await expect(nodeFiles.read('onnxruntime-web/no-such-file.wasm')).rejects.toThrow(
      /^onnxruntime-web\/no-such-file\.wasm not found \(looked at \/.*\/no-such-file\.wasm\)$/,
    );
  });
});

describe('--timeout under --host node', () => {
  it('gives up on a run that never returns, aborts its signal and names the last progress', async () => {
    const controller = new AbortController();
    const never = new Promise<never>(() => {});
    const err = await giveUpAfter(never, 30, controller, () => 'matmul: ORT WebGPU').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BenchTimeoutError);
    expect((err as Error).message).toBe(
      'gave up after 0.03 s (--timeout): the benchmark had not finished (last progress: matmul: ORT WebGPU); raise --timeout',
    );
    expect(controller.signal.aborted).toBe(true);
    expect(controller.signal.reason).toBe(err);
  });

  it('passes a run’s own result or error through, and does not abort it', async () => {
    const controller = new AbortController();
    expect(await giveUpAfter(Promise.resolve(7), 60_000, controller, () => '')).toBe(7);
    await expect(giveUpAfter(Promise.reject(new Error('boom')), 60_000, controller, () => '')).rejects.toThrow('boom');
    expect(controller.signal.aborted).toBe(false);
  });
});
