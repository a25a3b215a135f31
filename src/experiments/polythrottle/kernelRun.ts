// The real part, measured on this GPU: fine-tuning beside inference with the LLM engine's tiny
// Llama. Inference requests (a prefill of a short prompt per request, the queued requests batched
// up to the largest batch) and training steps (forward, backward, AdamW on the same weights the
// server reads) share this device's one queue. First the co-located latency is profiled over
// inference batch × training batch and the paper's six-term predictor is fitted by NNLS to those
// measurements; then a Poisson trace is replayed in real time under each scheduler and every
// request's latency is measured with the wall clock.
import type { Gpu } from '../../gpu/gpu';
import type { Rng } from '../../data/pcg32';
import type { LlamaConfig } from '../../data/llamaConfig';
import { initLlamaTensors, LlamaGpuWeights, LlamaInference, LlamaTrainer } from '../../kernels/llm';
import { throwIfAborted } from '../runner';
import type { RunContext } from '../types';
import { nnls } from './nnls';
import { generateTrace } from './traces';

/** The tiny model: big enough that a step does real work, small enough for CPU emulation. */
export const REAL_MODEL: LlamaConfig = {
  vocabSize: 256,
  hiddenSize: 64,
  intermediateSize: 128,
  numHiddenLayers: 2,
  numAttentionHeads: 4,
  numKeyValueHeads: 2,
  headDim: 16,
  maxPositionEmbeddings: 64,
  rmsNormEps: 1e-5,
  ropeTheta: 10000,
  tieWordEmbeddings: true,
  ropeScaling: null,
};
/** Prompt tokens per inference request, and tokens per training sequence. */
export const PROMPT = 16;
export const TRAIN_SEQ = 32;
export const REAL_POLICIES = ['greedy', 'adaptive', 'inference-only'] as const;
/**
 * The trace's mean rate keeps inference alone this busy, but stays under MAX_RATE (browser timers
 * are only good to a few ms); the SLO is this many batch-1 latencies, and at least MIN_SLO_S.
 */
export const REAL_LOAD = 0.4;
export const REAL_SLO_FACTOR = 4;
export const MAX_RATE = 50;
export const MIN_SLO_S = 0.025;

export interface RealSettings {
  requests: number;
  ftBatch: number;
  maxBatch: number;
  ftSteps: number;
}

export interface RealResult {
  sloS: number;
  rate: number;
  aloneS: number[];
  profile: { batch: number; ftBatch: number; measured: number; predicted: number }[];
  theta: number[];
  runs: { policy: string; latencies: number[]; violationPct: number; steps: number; losses: number[] }[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const now = () => performance.now() / 1000;
const sleep = (s: number) => new Promise((r) => setTimeout(r, Math.max(0, s * 1000)));

/** Parameters touched per token (all matrices; the tied embedding counted once for the LM head). */
function paramsPerToken(c: LlamaConfig): number {
  const q = c.numAttentionHeads * c.headDim;
  const kv = c.numKeyValueHeads * c.headDim;
  const layer = c.hiddenSize * (q + 2 * kv) + q * c.hiddenSize + 3 * c.hiddenSize * c.intermediateSize;
  return c.numHiddenLayers * layer + c.hiddenSize * c.vocabSize;
}
/** The paper's features for this model: FLOPs (GFLOP) and FLOPs per f32 value moved, both sides, and batch. */
export function realFeatures(batch: number, ftBatch: number): number[] {
  const p = paramsPerToken(REAL_MODEL);
  const inf = 2 * p * batch * PROMPT;
  const ft = 3 * 2 * p * ftBatch * TRAIN_SEQ;
  const ai = (flops: number, tokens: number) => flops / (p + tokens * REAL_MODEL.hiddenSize);
  return [1, inf / 1e9, ai(inf, batch * PROMPT), ft / 1e9, ai(ft, ftBatch * TRAIN_SEQ), batch];
}

export async function runReal(gpu: Gpu, s: RealSettings, ctx: RunContext, rng: Rng): Promise<RealResult> {
  const weights = LlamaGpuWeights.upload(gpu, REAL_MODEL, initLlamaTensors(REAL_MODEL, ctx.seed));
  const inference = new LlamaInference(gpu, weights, { batch: s.maxBatch, maxSeq: PROMPT });
  const ftBatches = [...new Set([1, s.ftBatch])];
  const trainers = await Promise.all(
    ftBatches.map((b) => LlamaTrainer.create(gpu, weights, { batch: b, seqLen: TRAIN_SEQ })),
  );
  try {
    const infer = async (b: number) => {
      inference.reset();
      const tokens = Int32Array.from({ length: b * PROMPT }, () => rng.int(REAL_MODEL.vocabSize));
      await inference.logits(
        tokens,
        Int32Array.from({ length: b * PROMPT }, (_, t) => Math.floor(t / PROMPT)),
      );
    };
    const losses: number[] = [];
    const step = async (i: number) => {
      const b = ftBatches[i]!;
      const tokens = Int32Array.from({ length: b * (TRAIN_SEQ + 1) }, () => rng.int(REAL_MODEL.vocabSize));
      losses.push((await trainers[i]!.step(tokens, 1e-3)).loss);
    };
    const timed = async (f: () => Promise<void>) => {
      const t = now();
      await f();
      return now() - t;
    };
    // Warm-up compiles every pipeline once, so no measurement pays for compilation.
    for (let b = 1; b <= s.maxBatch; b++) await infer(b);
    for (let i = 0; i < trainers.length; i++) await step(i);
    const batches = [...new Set([1, Math.ceil(s.maxBatch / 2), s.maxBatch])];
    const aloneS: number[] = [];
    const profile: RealResult['profile'] = [];
    const rows: number[][] = [];
    for (const b of batches) {
      throwIfAborted(ctx.signal);
      const alone = [await timed(() => infer(b)), await timed(() => infer(b)), await timed(() => infer(b))];
      aloneS.push(median(alone));
      for (let i = 0; i < trainers.length; i++) {
        const stepDone = step(i); // submitted first, so the request queues behind (and beside) it
        const measured = await timed(() => infer(b));
        await stepDone;
        profile.push({ batch: b, ftBatch: ftBatches[i]!, measured, predicted: 0 });
        rows.push(realFeatures(b, ftBatches[i]!));
      }
      ctx.progress(0.05 + (0.25 * aloneS.length) / batches.length, 'profiling co-located latency on this GPU');
    }
    const scale = rows[0]!.map((_, j) => Math.sqrt(rows.reduce((a, r) => a + r[j]! ** 2, 0)) || 1);
    const theta = nnls(
      rows.map((r) => r.map((v, j) => v / scale[j]!)),
      profile.map((p) => p.measured),
    ).map((t, j) => t / scale[j]!);
    const predict = (b: number) => realFeatures(b, s.ftBatch).reduce((a, v, j) => a + v * theta[j]!, 0);
    for (const [k, p] of profile.entries()) p.predicted = rows[k]!.reduce((a, v, j) => a + v * theta[j]!, 0);
    const sloS = Math.max(MIN_SLO_S, REAL_SLO_FACTOR * aloneS[0]!);
    const rate = Math.min(MAX_RATE, REAL_LOAD / aloneS[0]!);
    // A Poisson trace long enough to hold the requested number of arrivals, cut there.
    let arrivals: number[] = [];
    for (let span = (2 * s.requests) / rate; arrivals.length < s.requests; span *= 2)
      arrivals = generateTrace('poisson', rate, span, rng).slice(0, s.requests);
    const ftIndex = ftBatches.indexOf(s.ftBatch);
    const runs: RealResult['runs'] = [];
    for (const [k, policy] of REAL_POLICIES.entries()) {
      throwIfAborted(ctx.signal);
      ctx.progress(
        0.3 + (0.7 * k) / REAL_POLICIES.length,
        `replaying ${arrivals.length} requests in real time: ${policy}`,
      );
      losses.length = 0;
      const queue: number[] = [];
      const latencies: number[] = [];
      let next = 0;
      let steps = 0;
      let training: Promise<void> | null = null;
      const t0 = now();
      const clock = () => now() - t0;
      while (latencies.length < arrivals.length) {
        throwIfAborted(ctx.signal);
        while (next < arrivals.length && arrivals[next]! <= clock()) queue.push(arrivals[next++]!);
        const waited = queue.length ? clock() - queue[0]! : 0;
        const b = Math.max(1, Math.min(queue.length, s.maxBatch));
        const admit = policy === 'greedy' || (policy === 'adaptive' && waited + predict(b) <= sloS);
        if (!training && steps < s.ftSteps && admit) {
          training = step(ftIndex).then(() => {
            steps++;
            training = null;
          });
        }
        if (queue.length) {
          const batch = queue.splice(0, s.maxBatch);
          await infer(batch.length);
          const t = clock();
          for (const a of batch) latencies.push(t - a);
        } else await sleep(Math.min(next < arrivals.length ? arrivals[next]! - clock() : 0.005, 0.005));
      }
      if (training) await training;
      runs.push({
        policy,
        latencies,
        violationPct: (100 * latencies.filter((l) => l > sloS).length) / latencies.length,
        steps,
        losses: [...losses],
      });
    }
    return { sloS, rate, aloneS, profile, theta, runs };
  } finally {
    for (const t of trainers) t.destroy();
    inference.destroy();
    weights.destroy();
  }
}
