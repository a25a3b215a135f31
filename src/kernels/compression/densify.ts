// Densify-and-sum on the GPU: the receiving side of an all-gathered top-k / rand-k. Each of p peers
// sent k (value, index) pairs of the same flat [n] tensor; out = Σ_peers scatter(values, indices).
// densify.zero clears out, then densify.scatter adds one peer per dispatch (a peer's indices are
// distinct, and dispatches run in order, so the sum needs no float atomics and is the same on every
// run). The same scatter with MODE 1 zeroes the sent positions of an error-feedback residual.
import zeroShader from '../../shaders/compression/densify.zero.wgsl?raw';
import scatterShader from '../../shaders/compression/densify.scatter.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import type { KernelPlan } from '../../gpu/plan';
import { deviceGrid } from '../../gpu/dispatch';
import { uniformWords } from '../../gpu/uniforms';
import { BufferSet } from '../../gpu/resources';
import { UserInputError } from '../../core';

/** One peer's sparse payload: values [k] f32 and indices [k] i32 (distinct, in [0, n)). */
export interface SparsePayload {
  values: GPUBuffer;
  indices: GPUBuffer;
  k: number;
}

export interface DensifyOptions {
  /** Add into out as it is (true) instead of clearing it first (false, the default). */
  accumulate?: boolean;
  /** 'add' (default) sums the values in; 'clear' sets the sent positions to 0 (error feedback). */
  op?: 'add' | 'clear';
}

function checkPeers(what: string, n: number, peers: SparsePayload[], out: GPUBuffer): void {
  if (!Number.isInteger(n) || n < 1) throw new UserInputError(`${what}: n=${n} must be a positive integer`);
  if (peers.length < 1) throw new UserInputError(`${what}: needs at least one peer`);
  if (out.size < 4 * n) throw new UserInputError(`${what}: out has ${out.size} bytes, needs ${4 * n}`);
  peers.forEach((p, j) => {
    if (!Number.isInteger(p.k) || p.k < 1 || p.k > n)
      throw new UserInputError(`${what}: peer ${j} sends k=${p.k}; expected 1 ≤ k ≤ ${n}`);
    if (p.values.size < 4 * p.k || p.indices.size < 4 * p.k)
      throw new UserInputError(`${what}: peer ${j}'s buffers hold fewer than k=${p.k} values or indices`);
  });
}

export async function planDensify(
  gpu: Gpu,
  bufs: { peers: SparsePayload[]; out: GPUBuffer },
  n: number,
  opts: DensifyOptions = {},
): Promise<KernelPlan> {
  const what = `densify ${bufs.peers.length} peer(s) into ${n} elements`;
  checkPeers(what, n, bufs.peers, bufs.out);
  const [zero, scatter] = await Promise.all([
    gpu.pipeline({ name: 'compression/densify.zero', code: zeroShader }),
    gpu.pipeline({
      name: 'compression/densify.scatter',
      code: scatterShader,
      constants: { MODE: opts.op === 'clear' ? 1 : 0 },
    }),
  ]);
  const owned = new BufferSet();
  try {
    const zeroParams = owned.add(uniformWords(gpu, [n, 0, 0, 0], 'densify.zero.params'));
    const zeroGroup = gpu.bindGroup(zero, [bufs.out, zeroParams], 'densify.zero');
    const zeroGrid = deviceGrid(gpu, Math.ceil(n / 64), `${what} (clear)`);
    const peers = bufs.peers.map((p, j) => {
      const params = owned.add(uniformWords(gpu, [n, p.k, 0, 0], `densify.peer${j}`));
      return {
        group: gpu.bindGroup(scatter, [p.values, p.indices, bufs.out, params], `densify.peer${j}`),
        grid: deviceGrid(gpu, Math.ceil(p.k / 64), `${what} (peer ${j})`),
      };
    });
    return {
      encode: (pass) => {
        if (!opts.accumulate) Gpu.encodeDispatch(pass, zero, zeroGroup, zeroGrid);
        for (const p of peers) Gpu.encodeDispatch(pass, scatter, p.group, p.grid);
      },
      destroy: () => owned.destroy(),
    };
  } catch (e) {
    owned.destroy();
    throw e;
  }
}

/** One-shot: values/indices [p, k] from p peers → dense [n] sum. Indices must be distinct per peer. */
export async function densifySum(
  gpu: Gpu,
  values: Float32Array,
  indices: Int32Array,
  peers: number,
  n: number,
): Promise<Float32Array> {
  const what = `densify ${peers} peer(s) into ${n} elements`;
  if (!Number.isInteger(peers) || peers < 1) throw new UserInputError(`${what}: peers must be ≥ 1`);
  if (values.length !== indices.length || values.length % peers !== 0)
    throw new UserInputError(
      `${what}: values (${values.length}) and indices (${indices.length}) must both be [${peers}, k]`,
    );
  const k = values.length / peers;
  for (let j = 0; j < peers; j++) {
    const seen = new Set<number>();
    for (let t = 0; t < k; t++) {
      const i = indices[j * k + t]!;
      if (!Number.isInteger(i) || i < 0 || i >= n)
        throw new UserInputError(`${what}: peer ${j} index ${i} is outside [0, ${n})`);
      if (seen.has(i)) throw new UserInputError(`${what}: peer ${j} sends index ${i} twice`);
      seen.add(i);
    }
  }
  const owned = new BufferSet();
  try {
    const payloads = Array.from({ length: peers }, (_, j) => ({
      values: owned.add(gpu.upload(values.subarray(j * k, (j + 1) * k), `densify.values${j}`)),
      indices: owned.add(gpu.upload(indices.subarray(j * k, (j + 1) * k), `densify.indices${j}`)),
      k,
    }));
    const out = owned.add(gpu.createBuffer(4 * n, 'densify.out'));
    const plan = await planDensify(gpu, { peers: payloads, out }, n);
    try {
      await gpu.run((pass) => plan.encode(pass));
    } finally {
      plan.destroy();
    }
    return await gpu.readF32(out, n);
  } finally {
    owned.destroy();
  }
}
