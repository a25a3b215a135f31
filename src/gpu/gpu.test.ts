import { describe, expect, it } from 'vitest';
import { useNodeGpu } from './testing';
import { DeviceLimitError, ShaderCompileError } from './errors';
import { summarize } from './timing';

describe('GPU runtime', () => {
  const gpu = useNodeGpu();
  it('reports adapter info and requests the adapter maxima for kernel limits', () => {
    const info = gpu().info;
    expect(info.host).toBe('node');
    expect(info.limits.maxStorageBufferBindingSize).toBe(info.adapterLimits.maxStorageBufferBindingSize);
    expect(info.limits.maxComputeWorkgroupStorageSize).toBeGreaterThanOrEqual(16384);
  });
  it('surfaces WGSL compile errors with the shader name and line', async () => {
    const code = 'fn ok() {}\n@compute @workgroup_size(1) fn main() {\n  let x: f32 = undefined_thing;\n}\n';
    const err = await gpu()
      .pipeline({ name: 'test/broken', code })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ShaderCompileError);
    expect((err as Error).message).toMatch(/test\/broken\.wgsl:3:/);
    expect((err as Error).message).toMatch(/undefined_thing/);
  });
  it('names the right file and line when a prelude is put in front of the shader', async () => {
    const prelude = {
      file: 'common/helpers.wgsl',
      code: 'fn one() -> f32 { return 1.0; }\nfn two() -> f32 { return 2.0; }',
    };
    const own = '@compute @workgroup_size(1) fn main() {\n  let y = one() + missing_thing;\n}\n';
    const err = await gpu()
      .pipeline({ name: 'test/withPrelude', code: own, prelude: [prelude] })
      .catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/test\/withPrelude\.wgsl:2:/); // line 4 of the joined source
    const badPrelude = { file: 'common/bad.wgsl', code: 'fn one() -> f32 {\n  return nope;\n}' };
    const err2 = await gpu()
      .pipeline({
        name: 'test/withBadPrelude',
        code: '@compute @workgroup_size(1) fn main() {}',
        prelude: [badPrelude],
      })
      .catch((e: unknown) => e);
    expect((err2 as Error).message).toMatch(/common\/bad\.wgsl:2:/);
  });
  it('caches pipelines by shader and constants', async () => {
    const code =
      'override K: u32 = 1u;\n@group(0) @binding(0) var<storage, read_write> o: array<u32>;\n@compute @workgroup_size(1) fn main() { o[0] = K; }';
    const g = gpu();
    const p1 = await g.pipeline({ name: 't/c', code, constants: { K: 2 } });
    const p2 = await g.pipeline({ name: 't/c', code, constants: { K: 2 } });
    const p3 = await g.pipeline({ name: 't/c', code, constants: { K: 3 } });
    expect(p1).toBe(p2);
    expect(p3).not.toBe(p1);
    const buf = g.createBuffer(4, 'o');
    await g.run((pass) => {
      pass.setPipeline(p3);
      pass.setBindGroup(0, g.bindGroup(p3, [buf]));
      pass.dispatchWorkgroups(1);
    });
    expect(new Uint32Array(await g.read(buf, 4))[0]).toBe(3);
  });
  it('round-trips data through upload and pooled readback, repeatedly', async () => {
    const g = gpu();
    for (const n of [1, 63, 1000, 70_000]) {
      const data = Float32Array.from({ length: n }, (_, i) => i * 0.5 - 7);
      const buf = g.upload(data, 'rt');
      expect(await g.readF32(buf, n)).toEqual(data);
      buf.destroy();
    }
  });
  it('names the limit when a buffer is too large', () => {
    const max = gpu().info.limits.maxStorageBufferBindingSize!;
    expect(() => gpu().createBuffer(max + 4, 'huge')).toThrow(DeviceLimitError);
    expect(() => gpu().createBuffer(max + 4, 'huge')).toThrow(/maxStorageBufferBindingSize/);
  });
});

describe('timing summary', () => {
  it('computes median, min and p90', () => {
    const s = summarize([5, 1, 3, 2, 4], 'wall-clock');
    expect([s.medianMs, s.minMs, s.p90Ms]).toEqual([3, 1, 5]);
    expect(summarize([4, 2], 'timestamp-query').medianMs).toBe(3);
  });
});

describe('concurrent compiles', () => {
  const gpu = useNodeGpu();
  it('attribute each failure to its own shader', async () => {
    const good =
      '@group(0) @binding(0) var<storage, read_write> o: array<u32>;\n@compute @workgroup_size(1) fn main() { o[0] = 1u; }';
    // Valid WGSL whose pipeline fails: the entry point does not exist.
    const results = await Promise.allSettled([
      gpu().pipeline({ name: 'c/good', code: good }),
      gpu().pipeline({ name: 'c/bad-entry', code: good, entryPoint: 'nope' }),
      gpu().pipeline({ name: 'c/bad-syntax', code: 'fn (' }),
    ]);
    expect(results[0]!.status).toBe('fulfilled');
    expect(results[1]!.status === 'rejected' && String(results[1].reason)).toMatch(/c\/bad-entry/);
    expect(results[2]!.status === 'rejected' && String(results[2].reason)).toMatch(/c\/bad-syntax/);
  });
});

describe('timing of kernels shorter than the timer resolution', () => {
  const gpu = useNodeGpu();
  it('repeats the work inside each pass instead of reporting 0 ms', async () => {
    const g = gpu();
    const code =
      '@group(0) @binding(0) var<storage, read_write> o: array<u32>;\n@compute @workgroup_size(1) fn main() { o[0] = o[0] + 1u; }';
    const p = await g.pipeline({ name: 't/tiny', code });
    const buf = g.createBuffer(4, 'tiny');
    const group = g.bindGroup(p, [buf]);
    const t = await g.time(
      (pass) => {
        pass.setPipeline(p);
        pass.setBindGroup(0, group);
        pass.dispatchWorkgroups(1);
      },
      { warmup: 1, reps: 5 },
    );
    expect(t.medianMs).toBeGreaterThan(0);
    expect(Number.isFinite(t.medianMs)).toBe(true);
    // A one-invocation dispatch is far below 1 ms even on SwiftShader, so it must have been repeated;
    // the counter it increments proves every repetition really ran.
    expect(t.repeatsPerSample).toBeGreaterThan(1);
    const runs = new Uint32Array(await g.read(buf, 4))[0]!;
    expect(runs).toBeGreaterThanOrEqual(5 * t.repeatsPerSample);
  });
});

describe('errors of submitted work', () => {
  const gpu = useNodeGpu();
  it('are thrown by the next run instead of leaving zeros behind', async () => {
    const g = gpu();
    const code =
      '@group(0) @binding(0) var<storage, read_write> o: array<u32>;\n@compute @workgroup_size(1) fn main() { o[0] = 7u; }';
    const p = await g.pipeline({ name: 't/err', code });
    const buf = g.createBuffer(4, 'err');
    const group = g.bindGroup(p, [buf]);
    const tooMany = g.info.limits.maxComputeWorkgroupsPerDimension! + 1;
    await expect(
      g.run((pass) => {
        pass.setPipeline(p);
        pass.setBindGroup(0, group);
        pass.dispatchWorkgroups(tooMany);
      }),
    ).rejects.toThrow(/GPU error during a compute pass/);
    // The device is still usable afterwards and the error is not reported twice.
    await g.run((pass) => {
      pass.setPipeline(p);
      pass.setBindGroup(0, group);
      pass.dispatchWorkgroups(1);
    });
    expect(new Uint32Array(await g.read(buf, 4))[0]).toBe(7);
  });
});

describe('staging pool', () => {
  const gpu = useNodeGpu();
  it('does not keep large readback buffers after the read', async () => {
    const g = gpu();
    const big = g.createBuffer(20 * 2 ** 20, 'big');
    const before = g.pooledStagingBytes;
    await g.read(big, 20 * 2 ** 20);
    expect(g.pooledStagingBytes).toBe(before);
    await g.read(big, 4096);
    expect(g.pooledStagingBytes).toBeGreaterThan(before); // small ones are reused
    big.destroy();
  });
});
