// Training-loop helpers shared by the graph experiments: upload a node-classification task once,
// cut seeds into batches, train one batch of DENSE-sampled seeds, evaluate by full-graph
// inference, and check the GPU path against the CPU references on one batch.
import type { Gpu } from '../../gpu/gpu';
import type { Rng } from '../../data/pcg32';
import type { Csr } from '../../data/graphs/csr';
import type { NodeClassificationGraph } from '../../data/graphs/generators';
import type { Check } from '../../core';
import { compareArrays } from '../compare';
import { BufferSet } from '../../gpu/resources';
import { DenseSampler } from './sampleDense';
import { denseSampleReference, type DenseBlock } from './sampleDense.reference';
import { SageModel, type HostBlock, type SageStructure } from './sageModel';
import { sageForwardReference, softmaxCrossEntropyReference, type SageParams } from './sageModel.reference';
import { spmm } from './spmm';
import { spmmReference } from './spmm.reference';

export interface GpuTask {
  task: NodeClassificationGraph;
  features: GPUBuffer;
  labels: GPUBuffer;
  /** The full graph as a SAGE structure (identity node ids): evaluation. */
  full: SageStructure;
  destroy(): void;
}

export function uploadTask(gpu: Gpu, task: NodeClassificationGraph): GpuTask {
  const owned = new BufferSet();
  const n = task.graph.numNodes;
  try {
    const full: SageStructure = {
      key: `full:${task.name}`,
      nodeIds: owned.add(
        gpu.upload(
          Int32Array.from({ length: n }, (_, i) => i),
          'task.ids',
        ),
      ),
      indptr: owned.add(gpu.upload(task.graph.indptr, 'task.indptr')),
      indices: owned.add(gpu.upload(task.graph.indices, 'task.indices')),
    };
    return {
      task,
      full,
      features: owned.add(gpu.upload(task.features, 'task.x')),
      labels: owned.add(gpu.upload(task.labels, 'task.y')),
      destroy: () => owned.destroy(),
    };
  } catch (e) {
    owned.destroy(); // a failed upload (e.g. over the binding limit) frees the earlier ones
    throw e;
  }
}

/** Level sizes of a DENSE block for an L-layer model: rows[ℓ] = hopOffsets[L+1−ℓ]. */
export const blockRows = (hopOffsets: ArrayLike<number>, L: number): number[] =>
  Array.from({ length: L + 1 }, (_, l) => hopOffsets[L + 1 - l]!);

export function batchesOf(nodes: ArrayLike<number>, batchSize: number, rng: Rng): Int32Array[] {
  const order = rng.shuffle(Array.from(nodes));
  const out: Int32Array[] = [];
  for (let i = 0; i < order.length; i += batchSize) out.push(Int32Array.from(order.slice(i, i + batchSize)));
  return out;
}

export const samplerStructure = (s: DenseSampler, key: string): SageStructure => ({
  key,
  nodeIds: s.nodeIds,
  indptr: s.blockIndptr,
  indices: s.blockIndices,
});

/** Samples and trains one batch; returns the loss, correct seeds and sampled edges. */
export async function trainBatch(
  model: SageModel,
  sampler: DenseSampler,
  key: string,
  seeds: Int32Array,
  seed: number,
  labels: Int32Array,
) {
  const block = await sampler.sample(seeds, seed);
  const host: HostBlock = {
    indptr: block.blockIndptr,
    indices: block.blockIndices,
    rows: blockRows(block.hopOffsets, model.L),
  };
  const r = await model.trainStep(samplerStructure(sampler, key), host);
  let correct = 0;
  r.correct.forEach((c, i) => {
    if (c === labels[seeds[i]!]) correct++;
  });
  return { loss: r.loss, correct, sampledEdges: block.blockIndices.length, block };
}

export interface Accuracy {
  train: number;
  valid: number;
  test: number;
}

export async function evaluate(model: SageModel, g: GpuTask): Promise<Accuracy> {
  const n = g.task.graph.numNodes;
  const pred = await model.predict(g.full, Array(model.L + 1).fill(n));
  const acc = (ids: Int32Array) =>
    ids.length ? ids.reduce((a, v) => a + (pred[v] === g.task.labels[v] ? 1 : 0), 0) / ids.length : NaN;
  return { train: acc(g.task.train), valid: acc(g.task.valid), test: acc(g.task.test) };
}

/**
 * GPU vs CPU on the run's own graph: DENSE sampling (exact), mean SpMM, and the loss and
 * predictions of a forward pass with the given weights on that block.
 */
export async function graphChecks(
  gpu: Gpu,
  graph: Csr,
  task: NodeClassificationGraph,
  seeds: Int32Array,
  fanouts: number[],
  seed: number,
  params: SageParams,
): Promise<Check[]> {
  const checks: Check[] = [];
  const sampler = await DenseSampler.create(gpu, graph, fanouts, seeds.length);
  let block: DenseBlock;
  try {
    block = await sampler.sample(seeds, seed);
  } finally {
    sampler.destroy();
  }
  const want = denseSampleReference(graph, seeds, fanouts, seed);
  const same = (a: ArrayLike<number>, b: ArrayLike<number>) =>
    a.length === b.length && Array.from(a).every((v, i) => v === b[i]);
  const exact =
    same(block.nodeIds, want.nodeIds) &&
    same(block.hopOffsets, want.hopOffsets) &&
    same(block.blockIndptr, want.blockIndptr) &&
    same(block.blockIndices, want.blockIndices);
  checks.push({
    name: `DENSE sampling, ${fanouts.length} hops (GPU = CPU, exact)`,
    maxAbsError: exact ? 0 : Infinity,
    maxRelError: exact ? 0 : Infinity,
    tolerance: 0,
    passed: exact,
    detail: `${block.nodeIds.length} nodes, ${block.blockIndices.length} sampled edges for ${seeds.length} seeds`,
  });
  const d = task.featureDim;
  checks.push(
    compareArrays(
      `mean SpMM over the whole graph (${graph.numNodes}×${d})`,
      await spmm(gpu, graph, task.features, d, 'mean'),
      spmmReference(graph, task.features, d, 'mean'),
      { atol: 1e-5, rtol: 1e-5 },
    ),
  );

  const L = params.length;
  const rows = blockRows(want.hopOffsets, L);
  const h0 = new Float32Array(want.nodeIds.length * d);
  want.nodeIds.forEach((v, r) => h0.set(task.features.subarray(v * d, (v + 1) * d), r * d));
  const bg = { numNodes: want.nodeIds.length, indptr: want.blockIndptr, indices: want.blockIndices };
  const ref = softmaxCrossEntropyReference(
    sageForwardReference(params, bg, rows, h0).h[L]!,
    Array.from(seeds, (v) => task.labels[v]!),
    seeds.length,
    params[L - 1]!.dOut,
  );
  // Each resource is released on every path, including a throw while creating a later one.
  let g: ReturnType<typeof uploadTask> | undefined;
  let s2: DenseSampler | undefined;
  let model: SageModel | undefined;
  try {
    g = uploadTask(gpu, task);
    s2 = await DenseSampler.create(gpu, graph, fanouts, seeds.length);
    model = await SageModel.create(
      gpu,
      g.features,
      g.labels,
      {
        dims: [params[0]!.dIn, ...params.map((l) => l.dOut)],
        maxRows: graph.numNodes,
        maxBlockNnz: Math.max(1, graph.numNodes * Math.max(...fanouts)),
        optimizer: { kind: 'sgd', lr: 0, weightDecay: 0 },
      },
      params,
    );
    const r = await trainBatch(model, s2, 'check', seeds, seed, task.labels);
    checks.push(
      compareArrays('GraphSAGE batch loss (GPU vs CPU reference)', [r.loss], [ref.loss], { atol: 1e-5, rtol: 1e-4 }),
    );
  } finally {
    model?.destroy();
    s2?.destroy();
    g?.destroy();
  }
  return checks;
}
