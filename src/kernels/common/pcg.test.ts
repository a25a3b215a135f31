import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { hashFloat, pcgHash } from '../../data/pcg32';
import { pcgWgsl } from './pcg';

// The GPU and the CPU must generate bit-identical inputs from a seed.
describe('PCG hash in WGSL matches the CPU', () => {
  const gpu = useNodeGpu();
  it('pcg_hash and hash_float are bit-identical for 4096 indices', async () => {
    const code = `${pcgWgsl}
      @group(0) @binding(0) var<storage, read_write> h: array<u32>;
      @group(0) @binding(1) var<storage, read_write> f: array<f32>;
      @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3u) {
        h[g.x] = pcg_hash(g.x * 2654435761u);
        f[g.x] = hash_float(1234u, g.x);
      }`;
    const g = gpu();
    const pipeline = await g.pipeline({ name: 'test/pcg', code });
    const n = 4096;
    const hb = g.createBuffer(n * 4, 'h');
    const fb = g.createBuffer(n * 4, 'f');
    const group = g.bindGroup(pipeline, [hb, fb]);
    await g.run((pass) => {
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, group);
      pass.dispatchWorkgroups(n / 64);
    });
    const h = new Uint32Array(await g.read(hb, n * 4));
    const f = await g.readF32(fb, n);
    for (let i = 0; i < n; i++) {
      expect(h[i]).toBe(pcgHash(Math.imul(i, 2654435761) >>> 0));
      expect(f[i]).toBe(hashFloat(1234, i));
    }
  });
});

describe('pcg.wgsl', () => {
  it('declares the shared functions with the CPU constants and no bindings or entry points', () => {
    expect(pcgWgsl).toContain('fn pcg_hash(x: u32) -> u32');
    expect(pcgWgsl).toContain('fn hash_float(seed: u32, index: u32) -> f32');
    expect(pcgWgsl).toContain('fn hash_uniform(seed: u32, index: u32, lo: f32, hi: f32) -> f32');
    for (const c of ['747796405u', '2891336453u', '277803737u', '28u', '4u', '22u', '8u', '16777216.0']) {
      expect(pcgWgsl).toContain(c);
    }
    expect(pcgWgsl).not.toMatch(/@(group|binding|compute|vertex|fragment)\b/);
  });
});
