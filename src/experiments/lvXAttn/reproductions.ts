// The paper's headline numbers checked against this model, for the paper presets. The paper prints
// only its best runs ("up to"), not each run's times, so the Llama 3-V check takes ours as the
// best of the same four workloads the paper ran (S_Q ∈ {1K, 2K} × S_KV ≈ 1200K / 2401K) on the
// current cluster and assumptions. When ours is off, the cause names the assumption that decides
// it: the speedup is Ring's K/V transfer time over LV-XAttn's compute time, so it scales with the
// assumed compute efficiency, and we show which efficiency the paper's number would need.
import type { ParamValues, Reproduction } from '../types';
import { iterationCost, type IterationCost, type Workload } from './model';
import { LLAMA_PAPER_WORKLOADS, lvXAttnPresets } from './params';

/** Relative tolerance the app states for this analytic model against the paper's measured maxima. */
export const LV_TOLERANCE = 0.2;

export const PAPER_CA_SPEEDUP = 45.85;
export const PAPER_E2E_SPEEDUP = 10.62;
export const PAPER_V1_E2E_SPEEDUP = 5.58;

/** The preset whose every value equals the current parameters, if any. */
export function matchingPreset(p: ParamValues): string | undefined {
  return lvXAttnPresets.find((pr) => Object.entries(pr.values).every(([k, v]) => p[k] === v))?.id;
}

/** Our best cross-attention and end-to-end speedups over the paper's four Llama 3-V workloads. */
export function bestOverPaperWorkloads(w: Workload): { ca: number; e2e: number; caAt: string; e2eAt: string } {
  let best = { ca: 0, e2e: 0, caAt: '', e2eAt: '' };
  for (const x of LLAMA_PAPER_WORKLOADS) {
    const c = iterationCost({ ...w, textTokens: x.textTokens, frames: x.frames });
    const at = `S_Q ${x.textTokens / 1024}K, ${x.frames} frames`;
    if (c.crossAttnSpeedup > best.ca) best = { ...best, ca: c.crossAttnSpeedup, caAt: at };
    if (c.endToEndSpeedup > best.e2e) best = { ...best, e2e: c.endToEndSpeedup, e2eAt: at };
  }
  return best;
}

/**
 * The compute efficiency at which `pick(workload)` reaches `target`, by bisection (the speedups grow
 * with efficiency: LV-XAttn's compute shrinks while Ring stays bound by its links). Null when even
 * 100 % of peak falls short.
 */
export function efficiencyNeeded(w: Workload, target: number, pick: (w: Workload) => number): number | null {
  if (pick({ ...w, efficiency: 1 }) < target) return null;
  let lo = 0.01;
  let hi = 1;
  if (pick({ ...w, efficiency: lo }) >= target) return lo;
  // 12 halvings leave under 0.03 % of peak of uncertainty, finer than the whole percent shown.
  for (let i = 0; i < 12; i++) {
    const mid = (lo + hi) / 2;
    if (pick({ ...w, efficiency: mid }) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

const pct = (x: number) => `${(100 * x).toFixed(0)} %`;

interface OtherClaim {
  name: string;
  paper: number;
  pick: (w: Workload) => number;
}

function efficiencyCause(
  w: Workload,
  paper: number,
  ours: number,
  pick: (w: Workload) => number,
  other: OtherClaim,
): string {
  const need = efficiencyNeeded(w, paper, pick);
  const now = `at the assumed ${pct(w.efficiency)} of the A100's bf16 peak`;
  let lever: string;
  if (need === null) {
    lever = `no efficiency up to 100 % of peak reaches ${paper}×, so the paper's runs must differ from this model in more than compute speed (for example slower links than the nominal 25 GB/s, or overheads in Ring Attention's baseline that the model does not have)`;
  } else {
    const verb = ours < paper ? 'would need' : 'matches';
    const otherThere = other.pick({ ...w, efficiency: need });
    lever =
      `the paper's ${paper}× ${verb} kernels at ${pct(need)} of peak, where our ${other.name} would be ${otherThere.toFixed(1)}× (paper ${other.paper}×)` +
      (Math.abs(otherThere - other.paper) / other.paper > LV_TOLERANCE
        ? '; no single efficiency matches both, and without the per-run times the part of the model that differs cannot be told'
        : '');
  }
  return (
    `The paper prints only its best run, not each run's times, so the compute efficiency cannot be calibrated against it. ` +
    `Ring Attention waits on its K/V transfers while LV-XAttn is bound by compute, so the speedup scales with the efficiency: ${now} ours is ${ours.toFixed(1)}×; ${lever}.`
  );
}

export function lvXAttnReproductions(p: ParamValues, w: Workload, c: IterationCost): Reproduction[] {
  const preset = matchingPreset(p);
  if (!preset) return [];
  const llamaCluster1 = p.model === 'llama3v-11b' && p.gpuModel === 'a100-80gb' && p.nodes === 4;
  if (llamaCluster1) {
    const best = bestOverPaperWorkloads(w);
    const ca = (x: Workload) => bestOverPaperWorkloads(x).ca;
    const e2e = (x: Workload) => bestOverPaperWorkloads(x).e2e;
    const out: Reproduction[] = [
      {
        key: 'cross-attn-speedup',
        claim: `Cross-attention speedup over Ring Attention, Llama 3-V on 16×A100, best of the paper's four workloads (ours best at ${best.caAt})`,
        where: 'Tables 3/4 (as summarised)',
        paper: PAPER_CA_SPEEDUP,
        ours: best.ca,
        unit: '×',
        oursProvenance: 'modeled',
        tolerance: LV_TOLERANCE,
      },
      {
        key: 'end-to-end-speedup',
        claim: `End-to-end iteration speedup, Llama 3-V on 16×A100, best of the paper's four workloads (ours best at ${best.e2eAt})`,
        where: 'abstract (v3)',
        paper: PAPER_E2E_SPEEDUP,
        ours: best.e2e,
        unit: '×',
        oursProvenance: 'modeled',
        tolerance: LV_TOLERANCE,
      },
    ];
    const caClaim = { name: 'cross-attention speedup', paper: PAPER_CA_SPEEDUP, pick: ca };
    const e2eClaim = { name: 'end-to-end speedup', paper: PAPER_E2E_SPEEDUP, pick: e2e };
    out[0]!.cause = efficiencyCause(w, PAPER_CA_SPEEDUP, best.ca, ca, e2eClaim);
    out[1]!.cause = efficiencyCause(w, PAPER_E2E_SPEEDUP, best.e2e, e2e, caClaim);
    return out;
  }
  if (p.model === 'llama3v-11b') return [];
  return [
    {
      key: 'end-to-end-speedup-owl3-flamingo',
      claim: 'End-to-end iteration speedup, mPLUG-Owl3 and OpenFlamingo (the paper: best case over its runs)',
      where: 'abstract (v1)',
      paper: PAPER_V1_E2E_SPEEDUP,
      ours: c.endToEndSpeedup,
      unit: '×',
      oursProvenance: 'modeled',
      tolerance: LV_TOLERANCE,
      cause:
        "The paper prints only its best case over all mPLUG-Owl3 and OpenFlamingo runs; the text and frame counts of those runs are not available here, so this preset's workload is the app's own choice and its speedup is not the same run. " +
        `Here, with ${c.sqPerGpu.toFixed(0)} text and ${c.skvPerGpu.toFixed(0)} visual tokens per GPU, cross-attention takes ${pct(c.ringCrossAttnShare)} of a Ring Attention iteration.`,
    },
  ];
}
