// Exclusive prefix sum of u32 values of any length, for the GPU slot cache (free-slot ranks,
// compaction positions): output[i] = Σ_{j<i} input[j] for i ≤ n, so output[n] is the total.
// Workgroup scan + block sums, recursively: level 0 scans 256-value blocks and writes each block's
// total; level 1 scans those totals the same way, and so on until one block is left; then carry
// passes add each level's scanned totals back down. All levels are recorded into one pass (no
// readback). Deterministic (integer sums in a fixed tree). Shaders:
// src/shaders/recsys/exclusiveScan.{block,add}.wgsl. Reference: exclusiveScan.reference.ts.
import blockShader from '../../shaders/recsys/exclusiveScan.block.wgsl?raw';
import addShader from '../../shaders/recsys/exclusiveScan.add.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import { UserInputError } from '../../core';
import { deviceGrid } from '../../gpu/dispatch';
import { u32s } from '../../gpu/uniforms';
import { BufferSet } from '../../gpu/resources';
import type { KernelPlan } from '../../gpu/plan';

const BLOCK = 256;

type Dispatch = { pipeline: GPUComputePipeline; group: GPUBindGroup; wg: [number, number] };

/** Scans `input` [n] u32 into `output` [n + 1] u32 (the caller's buffers) every time it is encoded. */
export async function planExclusiveScan(
  gpu: Gpu,
  bufs: { input: GPUBuffer; output: GPUBuffer },
  n: number,
): Promise<KernelPlan> {
  if (!Number.isInteger(n) || n < 1) throw new UserInputError(`exclusiveScan: length ${n} must be a positive integer`);
  if (bufs.input.size < n * 4 || bufs.output.size < (n + 1) * 4)
    throw new UserInputError(`exclusiveScan: input needs ${n * 4} bytes and output ${(n + 1) * 4}`);
  const [block, add] = await Promise.all([
    gpu.pipeline({ name: 'recsys/exclusiveScan.block', code: blockShader }),
    gpu.pipeline({ name: 'recsys/exclusiveScan.add', code: addShader }),
  ]);
  const owned = new BufferSet();
  try {
    const up: Dispatch[] = [];
    const down: Dispatch[] = [];
    let input = bufs.input;
    let output = bufs.output;
    let inLen = n;
    let outLen = n + 1;
    for (let level = 0; ; level++) {
      const blocks = Math.ceil(outLen / BLOCK);
      const wg = deviceGrid(gpu, blocks, `exclusiveScan level ${level} (${blocks} blocks)`);
      const sums = owned.add(gpu.createBuffer(blocks * 4, `exclusiveScan.sums${level}`));
      const params = owned.add(gpu.uniform(u32s(inLen, outLen, 0, 0), `exclusiveScan.block${level}`));
      up.push({ pipeline: block, group: gpu.bindGroup(block, [input, output, sums, params]), wg });
      if (blocks === 1) break;
      // The next level scans this level's block totals; its result is added back onto `output`.
      const scanned = owned.add(gpu.createBuffer(blocks * 4, `exclusiveScan.scanned${level + 1}`));
      const addParams = owned.add(gpu.uniform(u32s(outLen, 0, 0, 0), `exclusiveScan.add${level}`));
      down.unshift({ pipeline: add, group: gpu.bindGroup(add, [output, scanned, addParams]), wg });
      input = sums;
      output = scanned;
      inLen = blocks;
      outLen = blocks;
    }
    const steps = [...up, ...down];
    return {
      encode: (pass) => {
        for (const s of steps) Gpu.encodeDispatch(pass, s.pipeline, s.group, s.wg);
      },
      destroy: () => owned.destroy(),
    };
  } catch (e) {
    owned.destroy();
    throw e;
  }
}

/** One-shot: the exclusive scan [n + 1] of `values` [n] (u32; sums wrap modulo 2³² as u32 does). */
export async function exclusiveScan(gpu: Gpu, values: Uint32Array): Promise<Uint32Array> {
  const n = values.length;
  if (n === 0) return Uint32Array.of(0);
  const owned = new BufferSet();
  try {
    const input = owned.add(gpu.upload(values, 'exclusiveScan.input'));
    const output = owned.add(gpu.createBuffer((n + 1) * 4, 'exclusiveScan.output'));
    const plan = await planExclusiveScan(gpu, { input, output }, n);
    try {
      await gpu.run(plan.encode);
    } finally {
      plan.destroy();
    }
    return new Uint32Array(await gpu.read(output, (n + 1) * 4));
  } finally {
    owned.destroy();
  }
}
