// The GPU half of Bagpipe: train a small DLRM with real WGSL kernels (src/kernels/recsys) on
// click data drawn from the trace generator, twice from the same start on the same batches:
//   uncached  every batch: upload its rows from the embedding server (a CPU-side table), train,
//             read the updated rows back (synchronous training, lookahead 1);
//   Bagpipe   rows live in a GPU cache whose slot management runs on the GPU too
//             (src/kernels/recsys/slotCache.ts: slot table, ttl-expiry mask, compaction of expired
//             slots, free-slot prefix sums); the host sends the Oracle Cacher's messages on
//             BagCache's timeline (cacheSchedule.ts: prefetch groups, ttl updates of kept rows) and
//             writes back what the GPU evicts. The batch ids stay logical rows; the model looks
//             their slots up on the GPU. A CPU model of the slot cache replays the same messages
//             and checks the GPU's decisions.
// Synchronous semantics make both apply the same updates in the same order, so the loss curves must
// agree (the paper's "same convergence as synchronous training", here for one trainer); the bytes
// between server and GPU are counted as the protocol moves them (rows × row bytes, with the
// Adagrad state when it travels with the row). The first step is also checked against the f64
// reference of the whole training step. With gpuTrainers ≥ 2 the same batches then train P
// data-parallel trainers sharing the GPU, synchronous vs Bagpipe (multiTrainerRun.ts); the
// synchronous P-trainer run is checked against the one-trainer uncached run here (the same
// batch-mean updates, summed in another order), and every trainer's MLP replica at the end.
import type { Gpu } from '../../gpu/gpu';
import { createRng, hashFloat, hashUniform } from '../../data/pcg32';
import { BufferSet } from '../../gpu/resources';
import { compareArrays } from '../../kernels/compare';
import {
  DlrmModel,
  initDlrmParams,
  SlotCache,
  type DlrmBatch,
  type DlrmDims,
  type DlrmOptimizer,
  type DlrmParams,
} from '../../kernels/recsys';
import { dlrmStepReference } from '../../kernels/recsys/dlrmModel.reference';
import { throwIfAborted } from '../runner';
import type { ChartSpec, Check, Metric, ParamValues, RunContext, Table } from '../types';
import { CacheSchedule, type PrefetchGroup } from './cacheSchedule';
import { CRITEO_KAGGLE, scaledTables } from './datasets';
import { exponentFor } from './model';
import { trainBagpipeDataParallel, trainSyncDataParallel, type DpInput } from './multiTrainerRun';
import { multiTrainerResult } from './multiTrainerView';
import { cleanupInterval, OracleCacher } from './oracleCacher';
import { prepareTrace, type PreparedTrace } from './preparedTrace';
import { syncPlan } from './syncPlan';
import { generatorSource, type TraceSource } from './traceSources';

const DENSE_IN = 4;

export interface GpuRunResult {
  tables: Table[];
  metrics: Metric[];
  checks: Check[];
  charts: ChartSpec[];
  notices: string[];
}

interface ClickData {
  source: TraceSource;
  trace: PreparedTrace;
  batches: { dense: Float32Array; labels: Float32Array; raw: Int32Array }[];
  tables: number[];
}

/**
 * Examples from the trace generator; labels from a planted signal: logit = 2·Σ_t s(row_t)/√T +
 * dense·u with s a fixed hash of the row in [−1, 1] and u fixed weights, y ~ Bernoulli(σ(logit)).
 */
function clickData(p: ParamValues, seed: number): ClickData {
  const tables = scaledTables(CRITEO_KAGGLE.tables, p.gpuScale as number);
  const E = p.gpuBatchSize as number;
  const B = p.gpuBatches as number;
  const exponent = exponentFor(p, CRITEO_KAGGLE, false);
  const source = generatorSource({ name: 'click data', tables, exponent, examplesPerBatch: E, numBatches: B, seed });
  const trace = prepareTrace(source, 1);
  const T = tables.length;
  const u = Array.from({ length: DENSE_IN }, (_, k) => hashUniform(seed + 7, k, -1, 1));
  const batches = [];
  const raw = new Int32Array(source.maxBatchIds);
  for (let b = 0; b < B; b++) {
    const n = source.fill(b, raw);
    const dense = new Float32Array(E * DENSE_IN);
    const labels = new Float32Array(E);
    for (let e = 0; e < E; e++) {
      let logit = 0;
      for (let t = 0; t < T; t++) logit += (2 * hashUniform(seed + 11, raw[e * T + t]!, -1, 1)) / Math.sqrt(T);
      for (let k = 0; k < DENSE_IN; k++) {
        const v = hashUniform(seed + 13, (b * E + e) * DENSE_IN + k, -1, 1);
        dense[e * DENSE_IN + k] = v;
        logit += v * u[k]!;
      }
      labels[e] = hashFloat(seed + 17, b * E + e) < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    }
    batches.push({ dense, labels, raw: raw.slice(0, n) });
  }
  return { source, trace, batches, tables };
}

/** Bags of one id per (example, table), example-major: offsets 0, 1, …, E·T. */
const oneHotOffsets = (n: number) => Uint32Array.from({ length: n + 1 }, (_, i) => i);

interface RunStats {
  losses: number[];
  uploadedRows: number;
  writtenBackRows: number;
  server: Float32Array;
}

interface UncachedStats extends RunStats {
  serverAcc: Float32Array;
  /** The MLP parameters at the end, bottom then top, weight then bias (ShardTrainer.readDense order). */
  dense: Float32Array;
}

interface CachedStats extends RunStats {
  /** Rows sent that the GPU cache still held (it kept its copy). */
  alreadyCached: number;
  /** The first difference between the GPU slot cache and its CPU model, or null. */
  slotMismatch: string | null;
}

export async function runGpuTraining(gpu: Gpu, p: ParamValues, ctx: RunContext): Promise<GpuRunResult> {
  ctx.progress(0.02, 'GPU run: generating click data');
  const data = clickData(p, ctx.seed);
  const { trace, tables } = data;
  const dim = p.gpuDim as number;
  const E = p.gpuBatchSize as number;
  const T = tables.length;
  const L = p.gpuLookahead as number;
  const adagrad = p.gpuRowOptimizer === 'adagrad';
  const opt: DlrmOptimizer = {
    denseLr: p.gpuDenseLr as number,
    rows: { kind: adagrad ? 'adagrad' : 'sgd', lr: p.gpuRowLr as number },
  };
  const P = p.gpuTrainers as number;
  // Known before any GPU work: whether the several-trainer part can run on these settings.
  const skipMulti = multiTrainerSkip(P, E, L, cleanupInterval(L, p.cleanupFraction as number));
  const oracle = new OracleCacher(trace, L, p.cleanupFraction as number);
  oracle.advance(trace.numBatches);
  const oracleCounts = oracle.finish();
  const slots = Math.max(1, oracleCounts.peakRows);
  // With several trainers the single-trainer comparison takes the first half of the progress bar.
  const share = P > 1 && !skipMulti ? 0.5 : 1;
  const ctx1: RunContext = { ...ctx, progress: (f, m) => ctx.progress(f * share, m) };
  const rng = createRng(ctx.seed).fork(99);
  const baseDims = { B: E, denseIn: DENSE_IN, bottom: [16, dim], T, dim, top: [16, 1], maxNnz: E * T };
  const init = initDlrmParams({ ...baseDims, tableRows: 1 }, rng);
  const server0 = Float32Array.from({ length: trace.numRows * dim }, () => rng.uniform(-0.1, 0.1));
  const rowBytes = dim * 4 * (adagrad ? 2 : 1);

  ctx1.progress(0.05, 'GPU run: uncached synchronous training');
  const uncached = await trainUncached(
    gpu,
    data,
    { ...baseDims, tableRows: trace.maxUnique },
    init,
    opt,
    server0,
    ctx1,
  );
  ctx1.progress(0.5, 'GPU run: Bagpipe cached training');
  const cached = await trainCached(
    gpu,
    data,
    { ...baseDims, tableRows: slots },
    init,
    opt,
    server0,
    L,
    p.cleanupFraction as number,
    ctx1,
  );
  const checks: Check[] = [
    await firstStepCheck(gpu, data, { ...baseDims, tableRows: trace.maxUnique }, init, opt, server0),
  ];
  const curve = compareArrays(
    'Bagpipe cached training = uncached synchronous training (loss per step)',
    cached.losses,
    uncached.losses,
    // Bit for bit: the same updates in the same order.
    { atol: 0, rtol: 0 },
  );
  checks.push(curve);
  checks.push(
    compareArrays('final embedding tables: cached = uncached', cached.server, uncached.server, { atol: 0, rtol: 0 }),
  );
  checks.push({
    name: 'GPU slot cache = its CPU model (rows written back at every cleanup, final slot table)',
    maxAbsError: cached.slotMismatch ? 1 : 0,
    maxRelError: cached.slotMismatch ? 1 : 0,
    tolerance: 0,
    passed: cached.slotMismatch === null,
    detail: cached.slotMismatch ?? `${cached.writtenBackRows} rows written back in the same slot order`,
  });
  const bytes = (s: RunStats) => (s.uploadedRows + s.writtenBackRows) * rowBytes;
  const tablesOut: Table[] = [
    {
      id: 'gpu-loss',
      title: `DLRM training on this GPU: ${trace.numBatches} batches of ${E} examples, ${T} tables (${trace.numRows} rows used), d = ${dim}`,
      columns: [
        { key: 'run', label: 'Run', type: 'string', provenance: 'measured' },
        { key: 'step', label: 'Step', type: 'number', provenance: 'measured' },
        { key: 'loss', label: 'Training loss (BCE)', type: 'number', provenance: 'measured' },
      ],
      rows: [
        ...uncached.losses.map((l, i) => ['uncached (sync)', i + 1, l]),
        ...cached.losses.map((l, i) => ['Bagpipe cache', i + 1, l]),
      ],
    },
    {
      id: 'gpu-bytes',
      title: 'Rows and bytes between the embedding server and the GPU',
      columns: [
        { key: 'run', label: 'Run', type: 'string', provenance: 'measured' },
        { key: 'uploaded', label: 'Rows uploaded', type: 'number', provenance: 'measured' },
        { key: 'writtenBack', label: 'Rows written back', type: 'number', provenance: 'measured' },
        { key: 'bytes', label: 'Bytes moved', unit: 'B', type: 'number', provenance: 'measured' },
        { key: 'gpuRows', label: 'GPU row buffer', unit: 'rows', type: 'number', provenance: 'measured' },
      ],
      rows: [
        ['uncached (sync)', uncached.uploadedRows, uncached.writtenBackRows, bytes(uncached), trace.maxUnique],
        ['Bagpipe cache', cached.uploadedRows, cached.writtenBackRows, bytes(cached), slots],
      ],
      note:
        `Counted as the protocol moves rows: ${rowBytes} B per row (f32 × ${dim}${adagrad ? ', plus its Adagrad state' : ''}).` +
        (cached.alreadyCached > 0
          ? ` ${cached.alreadyCached} rows sent ahead were still cached (L is not a multiple of the cleanup interval): the cache kept its newer copy.`
          : ''),
    },
  ];
  const metrics: Metric[] = [
    {
      key: 'gpuBytesRatio',
      label: 'Bytes moved by Bagpipe / uncached (GPU run)',
      value: bytes(cached) / bytes(uncached),
      provenance: 'measured',
    },
    {
      key: 'gpuLossGap',
      label: 'Largest loss difference, cached vs uncached',
      value: curve.maxAbsError,
      provenance: 'measured',
    },
    {
      key: 'gpuFinalLoss',
      label: 'Final training loss (GPU run)',
      value: uncached.losses.at(-1)!,
      provenance: 'measured',
    },
  ];
  const notices = [
    `GPU run, one trainer (no all-reduce) cached vs uncached: click labels planted from hashed row values and dense features; L = ${L}, cleanup every ${oracle.I} batches, cache of ${slots} slots (the Oracle Cacher's peak) whose slot table, expiry and free-slot assignment run on the GPU.`,
  ];
  const multi: Partial<ReturnType<typeof multiTrainerResult>> = {};
  if (skipMulti) notices.push(skipMulti);
  else if (P > 1) {
    const ids = data.batches.map((b) => denseIds(trace, b.raw));
    const inp: DpInput = {
      trace,
      batches: data.batches.map((b, i) => ({ dense: b.dense, labels: b.labels, ids: ids[i]! })),
      plan: syncPlan(trace, ids, E, P, L),
      P,
      E,
      denseIn: DENSE_IN,
      base: { denseIn: DENSE_IN, bottom: baseDims.bottom, T, dim, top: baseDims.top },
      init,
      opt,
      server0,
    };
    ctx.progress(0.5, `GPU run: synchronous training, ${P} trainers`);
    const sync = await trainSyncDataParallel(gpu, inp, ctx, (f) =>
      ctx.progress(0.5 + 0.22 * f, `GPU run: synchronous, ${P} trainers`),
    );
    const bag = await trainBagpipeDataParallel(gpu, inp, L, p.cleanupFraction as number, slots, ctx, (f) =>
      ctx.progress(0.72 + 0.23 * f, `GPU run: Bagpipe, ${P} trainers`),
    );
    Object.assign(multi, multiTrainerResult(P, sync, bag, oracleCounts, dim * 4, uncached));
    notices.push(
      `GPU run, ${P} trainers on this GPU: each with its own cache of ${slots} slots and its share of every batch; every trainer receives the cacher's prefetch groups whole (the artifact sends a row that only one trainer uses once to that trainer alone).`,
    );
  }
  if (gpu.isCpuEmulation)
    notices.push(
      "The GPU run used CPU emulation (SwiftShader): its losses and byte counts are exact, its speed is not a GPU's.",
    );
  return {
    tables: [...tablesOut, ...(multi.tables ?? [])],
    metrics: [...metrics, ...(multi.metrics ?? [])],
    checks: [...checks, ...(multi.checks ?? [])],
    charts: [
      {
        id: 'gpu-loss-curve',
        title: 'Training loss: Bagpipe cache vs uncached',
        kind: 'line',
        table: 'gpu-loss',
        x: 'step',
        y: 'loss',
        series: 'run',
      },
      ...(multi.charts ?? []),
    ],
    notices,
  };
}

/**
 * Why the several-trainer comparison cannot run on these settings (a notice), or null. Checked
 * before any GPU work.
 */
export function multiTrainerSkip(P: number, E: number, L: number, cleanupEvery: number): string | null {
  if (P < 2) return null;
  const why: string[] = [];
  if (P > E)
    why.push(
      `it splits each batch's ${E} example${E === 1 ? '' : 's'} among ${P} trainers, so it needs at least ${P} examples per batch (raise "Examples per batch" or lower "Data-parallel trainers (GPU run)")`,
    );
  if (L % cleanupEvery !== 0)
    why.push(
      `it needs L a multiple of the cleanup interval (L = ${L}, cleanup every ${cleanupEvery} batches; set "Lookahead L (GPU run)" or "Cleanup every L × this (batches)"): otherwise a row can be sent to a trainer that still holds an older copy, which Bagpipe's trainer would keep in a second slot`,
    );
  return why.length ? `GPU run: the ${P}-trainer comparison was skipped: ${why.join('; and ')}.` : null;
}

/** The batch's lookups as dense trace ids (example-major, one per table). */
function denseIds(t: PreparedTrace, raw: Int32Array): Int32Array {
  return Int32Array.from(raw, (id) => t.denseOf(id));
}

async function trainUncached(
  gpu: Gpu,
  data: ClickData,
  dims: DlrmDims,
  init: DlrmParams,
  opt: DlrmOptimizer,
  server0: Float32Array,
  ctx: RunContext,
): Promise<UncachedStats> {
  const { trace } = data;
  const d = dims.dim;
  const server = server0.slice();
  const serverAcc = new Float32Array(server.length);
  const owned = new BufferSet();
  const table = owned.add(gpu.createBuffer(dims.tableRows * d * 4, 'uncached.rows'));
  const acc = owned.add(gpu.createBuffer(dims.tableRows * d * 4, 'uncached.acc'));
  const model = await DlrmModel.create(gpu, dims, init, opt, table, acc);
  const local = new Int32Array(trace.numRows).fill(-1);
  const stats: UncachedStats = {
    losses: [],
    uploadedRows: 0,
    writtenBackRows: 0,
    server,
    serverAcc,
    dense: new Float32Array(),
  };
  try {
    for (let b = 0; b < trace.numBatches; b++) {
      throwIfAborted(ctx.signal);
      const rows = trace.rows.subarray(trace.batchStart[b], trace.batchStart[b + 1]);
      const U = rows.length;
      const vals = new Float32Array(U * d);
      const accs = new Float32Array(U * d);
      rows.forEach((x, k) => {
        local[x] = k;
        vals.set(server.subarray(x * d, (x + 1) * d), k * d);
        accs.set(serverAcc.subarray(x * d, (x + 1) * d), k * d);
      });
      gpu.device.queue.writeBuffer(table, 0, vals);
      if (opt.rows.kind === 'adagrad') gpu.device.queue.writeBuffer(acc, 0, accs);
      const batch = data.batches[b]!;
      const ids = Uint32Array.from(denseIds(trace, batch.raw), (x) => local[x]!);
      stats.losses.push(
        await model.step({ dense: batch.dense, labels: batch.labels, ids, offsets: oneHotOffsets(ids.length) }),
      );
      const back = await gpu.readF32(table, U * d);
      const backAcc = opt.rows.kind === 'adagrad' ? await gpu.readF32(acc, U * d) : null;
      rows.forEach((x, k) => {
        server.set(back.subarray(k * d, (k + 1) * d), x * d);
        if (backAcc) serverAcc.set(backAcc.subarray(k * d, (k + 1) * d), x * d);
      });
      stats.uploadedRows += U;
      stats.writtenBackRows += U;
      ctx.progress(0.05 + (0.45 * (b + 1)) / trace.numBatches, `GPU run: uncached step ${b + 1}/${trace.numBatches}`);
    }
    const params = await model.readParams();
    stats.dense = Float32Array.from([...params.bottom, ...params.top].flatMap((l) => [...l.w, ...l.b]));
  } finally {
    model.destroy();
    owned.destroy();
  }
  return stats;
}

async function trainCached(
  gpu: Gpu,
  data: ClickData,
  dims: DlrmDims,
  init: DlrmParams,
  opt: DlrmOptimizer,
  server0: Float32Array,
  L: number,
  cleanupFraction: number,
  ctx: RunContext,
): Promise<CachedStats> {
  const { trace } = data;
  const d = dims.dim;
  const S = dims.tableRows;
  const adagrad = opt.rows.kind === 'adagrad';
  const server = server0.slice();
  const serverAcc = new Float32Array(server.length);
  // The CPU model of the slot cache replays the same messages: the GPU's slot decisions are
  // checked against it at every cleanup (rows written back, in slot order) and at the end.
  const ref = new CacheSchedule(trace, L, cleanupFraction, S);
  const feed = ref.feed;
  const owned = new BufferSet();
  const cache = owned.add(gpu.createBuffer(S * d * 4, 'bagpipe.cache'));
  const cacheAcc = owned.add(gpu.createBuffer(S * d * 4, 'bagpipe.cacheAcc'));
  let slotCache: SlotCache | null = null;
  let model: DlrmModel | null = null;
  const stats: CachedStats = {
    losses: [],
    uploadedRows: 0,
    writtenBackRows: 0,
    alreadyCached: 0,
    server,
    slotMismatch: null,
  };
  const mismatch = (what: string) => (stats.slotMismatch ??= what);
  try {
    slotCache = await SlotCache.create(
      gpu,
      {
        rows: trace.numRows,
        slots: S,
        dim: d,
        maxIncoming: feed.maxGroupRows,
        maxUpdates: feed.maxUpdateRows,
      },
      { cache, acc: cacheAcc, withAcc: adagrad },
    );
    const sc = slotCache;
    model = await DlrmModel.create(gpu, dims, init, opt, cache, cacheAcc, {
      slotOf: sc.slotOf,
      rows: trace.numRows,
      status: sc.status,
    });
    // The embedding server sends a group's rows (values, and Adagrad state) with their ttl.
    const send = async (g: PrefetchGroup) => {
      const n = g.rows.length;
      const vals = new Float32Array(n * d);
      const accs = adagrad ? new Float32Array(n * d) : null;
      g.rows.forEach((x, k) => {
        vals.set(server.subarray(x * d, (x + 1) * d), k * d);
        accs?.set(serverAcc.subarray(x * d, (x + 1) * d), k * d);
      });
      const r = await sc.insert(g.rows, new Int32Array(n).fill(g.ttl), vals, accs);
      stats.uploadedRows += n;
      stats.alreadyCached += r.alreadyCached;
    };
    const writeBack = async (step: number, want: number[], when: string) => {
      const ev = await sc.evict(step);
      ev.rows.forEach((x, k) => {
        server.set(ev.values.subarray(k * d, (k + 1) * d), x * d);
        if (ev.acc) serverAcc.set(ev.acc.subarray(k * d, (k + 1) * d), x * d);
      });
      stats.writtenBackRows += ev.rows.length;
      if (ev.rows.length !== want.length || ev.rows.some((x, k) => x !== want[k]))
        mismatch(`${when}: the GPU wrote back ${ev.rows.length} rows, the CPU model ${want.length}`);
    };
    ref.start();
    for (const g of feed.start) await send(g);
    for (let b = 0; b < trace.numBatches; b++) {
      throwIfAborted(ctx.signal);
      const batch = data.batches[b]!;
      const ids = denseIds(trace, batch.raw);
      stats.losses.push(
        await model.step({ dense: batch.dense, labels: batch.labels, ids, offsets: oneHotOffsets(ids.length) }),
      );
      const keep = feed.keep[b]!;
      await sc.updateTtl(keep.rows, keep.ttls);
      const evictedRef = ref.afterBatch(b);
      const group = feed.after[b];
      if (group) {
        await writeBack(b, evictedRef, `cleanup after batch ${b}`);
        await send(group);
      }
      ctx.progress(0.5 + (0.45 * (b + 1)) / trace.numBatches, `GPU run: Bagpipe step ${b + 1}/${trace.numBatches}`);
    }
    const missing = await sc.missing();
    if (missing > 0) mismatch(`${missing} lookups found their row missing from the GPU cache`);
    const state = await sc.readState();
    if (state.slotOf.some((s, x) => s !== ref.model.slotOf[x]))
      mismatch('the final row → slot table differs from the CPU model');
    await writeBack(2 ** 31 - 1, ref.flush(), 'the final flush');
  } finally {
    model?.destroy();
    slotCache?.destroy();
    owned.destroy();
  }
  return stats;
}

/** The first uncached step against the f64 reference of the whole step (loss and updated rows). */
async function firstStepCheck(
  gpu: Gpu,
  data: ClickData,
  dims: DlrmDims,
  init: DlrmParams,
  opt: DlrmOptimizer,
  server0: Float32Array,
): Promise<Check> {
  const { trace } = data;
  const d = dims.dim;
  const rows = trace.rows.subarray(trace.batchStart[0], trace.batchStart[1]);
  const local = new Map<number, number>();
  const vals = new Float32Array(dims.tableRows * d);
  rows.forEach((x, k) => {
    local.set(x, k);
    vals.set(server0.subarray(x * d, (x + 1) * d), k * d);
  });
  const batch0 = data.batches[0]!;
  const ids = Uint32Array.from(denseIds(trace, batch0.raw), (x) => local.get(x)!);
  const batch: DlrmBatch = { dense: batch0.dense, labels: batch0.labels, ids, offsets: oneHotOffsets(ids.length) };
  const owned = new BufferSet();
  const table = owned.add(gpu.upload(vals, 'check.rows'));
  const acc = owned.add(gpu.createBuffer(vals.length * 4, 'check.acc'));
  const model = await DlrmModel.create(gpu, dims, init, opt, table, acc);
  try {
    const loss = await model.step(batch);
    const want = dlrmStepReference(dims, init, vals, new Float32Array(vals.length), batch, opt);
    const got = await gpu.readF32(table, vals.length);
    const c = compareArrays('GPU training step = f64 reference (updated rows)', got, want.table, {
      atol: 1e-5,
      rtol: 1e-4,
    });
    const lossErr = Math.abs(loss - want.loss);
    return {
      ...c,
      passed: c.passed && lossErr < 1e-5,
      detail: `${c.detail ?? ''}; loss ${loss.toFixed(6)} vs ${want.loss.toFixed(6)}`,
    };
  } finally {
    model.destroy();
    owned.destroy();
  }
}
