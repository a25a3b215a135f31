import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../gpu/testing';
import { hashFloat, pcgHash } from './pcg32';
import { pcgWgsl } from './pcgWgsl';

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
    await g.run((pass) => { pass.setPipeline(pipeline); pass.setBindGroup(0, group); pass.dispatchWorkgroups(n / 64); });
    const h = new Uint32Array(await g.read(hb, n * 4));
    const f = await g.readF32(fb, n);
    for (let i = 0; i < n; i++) {
      expect(h[i]).toBe(pcgHash(Math.imul(i, 2654435761) >>> 0));
      expect(f[i]).toBe(hashFloat(1234, i));
    }
  });
});
