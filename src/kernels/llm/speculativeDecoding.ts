// Speculative decoding on the LLM engine: a draft model proposes γ tokens autoregressively (its
// own KV cache), the target scores all γ + 1 positions in one forward pass over its KV cache, the
// acceptance rule (speculativeAcceptance.ts) keeps a prefix plus one token, and both caches roll
// back to the accepted prefix. Batch ≥ 1 with per-sequence acceptance: each sequence advances by
// its own number of tokens per iteration. Draft and target time per iteration are measured
// (wall time of their GPU calls, each ending in a readback of the logits it needs, plus the CPU's
// distribution and sampling work on them).
import { UserInputError } from '../../core';
import { hashFloat, pcgHash } from '../../data/pcg32';
import { acceptDraft, decodingDistribution, sampleIndex, type DecodingSettings } from './speculativeAcceptance';
import { lastRowsOfSequences, type LlamaInference } from './llamaInference';

export interface SpeculativeSettings extends DecodingSettings {
  /** Draft tokens proposed per iteration (γ ≥ 1). */
  gamma: number;
  /** New tokens per sequence. */
  maxNew: number;
  /** Seed of every random draw (draft sampling, acceptance tests, corrections). */
  seed?: number;
}

export interface SpeculativeResult {
  /** The new tokens of each sequence (maxNew each). */
  tokens: Int32Array[];
  /** Per sequence, the tokens each iteration emitted (accepted drafts + the correction or bonus). */
  emitted: number[][];
  /** Wall time of the draft's γ steps and of the target's verification, per iteration (ms). */
  draftMs: number[];
  targetMs: number[];
}

const now = () => performance.now();

/** The u-th uniform of a draw site (iteration, sequence, slot), from the shared PCG hash. */
function uniformAt(seed: number, iteration: number, seq: number, slot: number): number {
  return hashFloat(pcgHash((seed ^ pcgHash(iteration + 0x9e3779b9 * seq)) >>> 0), slot);
}

export function checkSpeculativeSetup(
  target: LlamaInference,
  draft: LlamaInference,
  prompts: Int32Array[],
  s: SpeculativeSettings,
): void {
  const [tv, dv] = [target.config.vocabSize, draft.config.vocabSize];
  if (tv !== dv)
    throw new UserInputError(`speculative decoding: the draft's vocabulary (${dv}) differs from the target's (${tv})`);
  if (!Number.isInteger(s.gamma) || s.gamma < 1)
    throw new UserInputError(`speculative decoding: γ must be an integer ≥ 1, got ${s.gamma}`);
  if (!Number.isInteger(s.maxNew) || s.maxNew < 1)
    throw new UserInputError(`speculative decoding: maxNew must be an integer ≥ 1, got ${s.maxNew}`);
  const B = prompts.length;
  if (B < 1 || B > Math.min(target.batch, draft.batch)) {
    throw new UserInputError(
      `speculative decoding: ${B} prompts; the engines hold ${Math.min(target.batch, draft.batch)} sequences`,
    );
  }
  const room = Math.min(target.maxSeq, draft.maxSeq);
  prompts.forEach((p, i) => {
    if (p.length < 1) throw new UserInputError(`speculative decoding: prompt ${i} is empty`);
    if (p.length + s.maxNew + s.gamma > room) {
      throw new UserInputError(
        `speculative decoding: prompt ${i} (${p.length} tokens) + ${s.maxNew} new + γ = ${s.gamma} exceed the context of ${room} positions`,
      );
    }
    for (const id of p)
      if (id < 0 || id >= tv)
        throw new UserInputError(`speculative decoding: token id ${id} in prompt ${i} is outside [0, ${tv})`);
  });
}

export async function speculativeGenerate(
  target: LlamaInference,
  draft: LlamaInference,
  prompts: Int32Array[],
  s: SpeculativeSettings,
): Promise<SpeculativeResult> {
  checkSpeculativeSetup(target, draft, prompts, s);
  const { gamma, maxNew } = s;
  const seed = s.seed ?? 0;
  const V = target.config.vocabSize;
  const B = prompts.length;
  const committed = prompts.map((p) => Array.from(p));
  const generated = prompts.map(() => 0);
  const emitted: number[][] = prompts.map(() => []);
  const draftMs: number[] = [];
  const targetMs: number[] = [];
  target.reset();
  draft.reset();
  // Both caches hold every committed token but the last, which is the next call's first input.
  const prefix = prompts.flatMap((p, seq) => Array.from(p.subarray(0, -1), (id) => [id, seq] as const));
  if (prefix.length) {
    const tokens = Int32Array.from(prefix, ([id]) => id);
    const rowSeq = prefix.map(([, seq]) => seq);
    // Only the cache matters here: one LM-head row per sequence instead of one per prompt token.
    await target.forward(tokens, rowSeq, { logitRows: 'last' });
    await draft.forward(tokens, rowSeq, { logitRows: 'last' });
  }
  for (let it = 0; generated.some((g) => g < maxNew); it++) {
    const active = Array.from({ length: B }, (_, i) => i).filter((i) => generated[i]! < maxNew);
    // Draft: γ autoregressive steps; the first step feeds whatever the draft has not seen yet.
    const t0 = now();
    const drafted = new Map(active.map((i) => [i, [] as number[]]));
    const q = new Map(active.map((i) => [i, [] as Float64Array[]]));
    const draftBase = new Map(active.map((i) => [i, 0]));
    for (let j = 0; j < gamma; j++) {
      const rows: [number, number][] = [];
      for (const i of active) {
        const feed = j === 0 ? committed[i]!.slice(draft.lengths[i]!) : [drafted.get(i)!.at(-1)!];
        for (const id of feed) rows.push([id, i]);
      }
      // The draft samples from each sequence's last row only, so only those rows get logits.
      const rowSeq = rows.map(([, i]) => i);
      const logits = await draft.logits(
        Int32Array.from(rows, ([id]) => id),
        rowSeq,
        { logitRows: 'last' },
      );
      const logitRowOf = new Map(lastRowsOfSequences(rowSeq).map((row, k) => [rowSeq[row]!, k]));
      for (const i of active) {
        if (j === 0) draftBase.set(i, draft.lengths[i]!);
        const dist = decodingDistribution(logits, logitRowOf.get(i)! * V, V, s);
        q.get(i)!.push(dist);
        drafted.get(i)!.push(sampleIndex(dist, uniformAt(seed, it, i, 2 * gamma + 2 + j)));
      }
    }
    const t1 = now();
    // Target: the pending token and the γ drafts of each sequence, in one call.
    const rows: [number, number][] = [];
    for (const i of active) {
      rows.push([committed[i]!.at(-1)!, i]);
      for (const d of drafted.get(i)!) rows.push([d, i]);
    }
    const targetBase = new Map(active.map((i) => [i, target.lengths[i]!]));
    const logits = await target.logits(
      Int32Array.from(rows, ([id]) => id),
      rows.map(([, i]) => i),
    );
    targetMs.push(now() - t1);
    draftMs.push(t1 - t0);
    let row = 0;
    for (const i of active) {
      const p = Array.from({ length: gamma + 1 }, (_, j) => decodingDistribution(logits, (row + j) * V, V, s));
      row += gamma + 1;
      const d = drafted.get(i)!;
      const { accepted, next } = acceptDraft(p, q.get(i)!, d, (j) => uniformAt(seed, it, i, j));
      const fresh = [...d.slice(0, accepted), next].slice(0, maxNew - generated[i]!);
      committed[i]!.push(...fresh);
      generated[i]! += fresh.length;
      emitted[i]!.push(fresh.length); // accepted + 1, less what ran past maxNew
      // Keep the accepted prefix in both caches; later rows overwrite the rest.
      target.truncate(i, targetBase.get(i)! + 1 + accepted);
      draft.truncate(i, draftBase.get(i)! + Math.min(accepted, gamma - 1));
    }
  }
  return {
    tokens: committed.map((c, i) => Int32Array.from(c.slice(prompts[i]!.length, prompts[i]!.length + maxNew))),
    emitted,
    draftMs,
    targetMs,
  };
}
