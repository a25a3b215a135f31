// The activation-compression cost model against hand calculations: the collectives' α–β times,
// the bytes each compressor sends, the break-even rule, the iteration's parts for small setups,
// monotonicity in bandwidth, bad input, and the presets' headline against an independent tally.
import { describe, expect, it } from 'vitest';
import { defaultValues } from '../../core/params';
import { modelExperiment } from '../runner';
import { UserInputError, type ParamValues } from '../types';
import type { Link } from '../../sim/links';
import { findGpuModel } from '../../sim/hardware';
import {
  allGatherMs,
  breakEvenBits,
  pointToPointMs,
  ppBytes,
  quantToAllReduceRatio,
  ringAllReduceMs,
  tpCollectiveMs,
  tpPayload,
  validateMethod,
} from './collectives';
import { estimateOverhead, calibratedOverhead, encodeKey, decodeKey } from './overhead';
import { compare, iteration, type Setup } from './model';
import { SCALE_UP_HIDDEN, setupOf, sweepHeads } from './modelView';
import { mcbench } from './index';

const defaults = defaultValues(mcbench.params);
const link: Link = { id: 'test', name: 'test link', bandwidthGBs: 10, latencyUs: 5 };
const free: Link = { ...link, latencyUs: 0 };

function tinySetup(over: Partial<Setup['workload']> = {}, cluster: Partial<Setup['cluster']> = {}): Setup {
  return {
    workload: {
      layers: 2,
      hidden: 64,
      heads: 4,
      ffn: 256,
      vocab: 100,
      seqLen: 8,
      microBatch: 2,
      microBatches: 1,
      ...over,
    },
    cluster: {
      tp: 2,
      pp: 1,
      gpu: findGpuModel('a100-40gb')!,
      tpLink: link,
      ppLink: link,
      mfu: 0.5,
      bwFraction: 1,
      ...cluster,
    },
    compression: { method: { kind: 'none' }, ppAeDim: 8, where: 'tp', startLayer: 0 },
    costs: { topkPasses: 8, randkHostUsPerIndex: 0 },
  };
}

describe('collectives (α–β)', () => {
  it('ring all-reduce: 2(p − 1) steps of B/p bytes', () => {
    // 8 MB over 4 ranks at 10 GB/s and 5 µs: 6 × (0.005 + 2e6 / 1e7) ms = 1.23 ms.
    expect(ringAllReduceMs(link, 8e6, 4)).toBeCloseTo(1.23, 12);
    expect(ringAllReduceMs(link, 8e6, 1)).toBe(0);
  });

  it('all-gather: every rank receives (p − 1) payloads', () => {
    expect(allGatherMs(link, 1e6, 4)).toBeCloseTo(3 * (0.005 + 0.1), 12);
    expect(pointToPointMs(link, 1e6)).toBeCloseTo(0.105, 12);
  });

  it('payloads follow the code: fp16 values, int64 indices, packed codes plus fp16 scales, k-wide codes', () => {
    expect(tpPayload({ kind: 'none' }, 10, 16).bytes).toEqual([320]);
    expect(tpPayload({ kind: 'quant', bits: 4 }, 10, 16)).toEqual({ collective: 'all-gather', bytes: [80, 32] });
    expect(tpPayload({ kind: 'quant', bits: 2 }, 10, 16).bytes[0]).toBe(40);
    expect(tpPayload({ kind: 'topk', k: 7 }, 10, 16)).toEqual({ collective: 'all-gather', bytes: [14, 56] });
    expect(tpPayload({ kind: 'ae', aeDim: 3 }, 10, 16)).toEqual({ collective: 'all-reduce', bytes: [60] });
    // Pipeline: the AE compresses both directions; the others send the gradient dense.
    expect(ppBytes({ kind: 'ae', aeDim: 3 }, 10, 16, 'backward')).toEqual([60]);
    expect(ppBytes({ kind: 'quant', bits: 8 }, 10, 16, 'backward')).toEqual([320]);
    expect(ppBytes({ kind: 'quant', bits: 8 }, 10, 16, 'forward')).toEqual([160, 32]);
  });

  it('break-even: a b-bit all-gather sends b·p/32 of the fp16 all-reduce, so it wins only for b < 32/p', () => {
    expect(breakEvenBits(2)).toBe(16);
    expect(breakEvenBits(4)).toBe(8);
    expect(quantToAllReduceRatio(8, 2)).toBe(0.5); // 8-bit wins 2× at p = 2
    expect(quantToAllReduceRatio(8, 4)).toBe(1); // breaks even at p = 4
    expect(quantToAllReduceRatio(8, 8)).toBe(2); // loses at p = 8
    const M = 1 << 20;
    for (const p of [2, 4, 8])
      for (const bits of [2, 4, 8]) {
        const ratio = allGatherMs(free, (M * bits) / 8, p) / ringAllReduceMs(free, 2 * M, p);
        expect(ratio).toBeCloseTo((bits * p) / 32, 12);
      }
    // With the scales included, the quantised collective is slower than the rule by exactly their all-gather.
    const q = tpCollectiveMs({ kind: 'quant', bits: 8 }, 1024, 1024, 4, free);
    expect(q - ringAllReduceMs(free, 2 * 1024 * 1024, 4)).toBeCloseTo(allGatherMs(free, 2048, 4), 12);
  });
});

describe('iteration model', () => {
  it('splits the critical path as a hand tally does (TP 2, one stage, no compression)', () => {
    const s = tinySetup();
    const b = iteration(s);
    const dense = ringAllReduceMs(link, 2 * 16 * 64, 2);
    expect(b.tpCommMs).toBeCloseTo(2 * 4 * dense, 12); // two layers × (two forward + two backward)
    expect(b.ppCommMs).toBe(0);
    expect(b.compressorMs).toBe(0);
    expect(b.totalMs).toBeCloseTo(b.computeMs + b.tpCommMs, 12);
    expect(b.overheadSource).toBe('none');
  });

  it('compresses only the forward all-reduces of layers after startLayer', () => {
    const s = tinySetup({ layers: 4 });
    const ae = { kind: 'ae' as const, aeDim: 8 };
    const dense = ringAllReduceMs(link, 2 * 16 * 64, 2);
    const code = ringAllReduceMs(link, 2 * 16 * 8, 2);
    const b = iteration({ ...s, compression: { ...s.compression, method: ae, startLayer: 2 } });
    expect(b.tpCommMs).toBeCloseTo(2 * 4 * dense + 2 * (2 * code + 2 * dense), 12);
    const o = estimateOverhead(ae, 16, 64, 2, {
      gpu: s.cluster.gpu,
      mfu: 0.5,
      bwFraction: 1,
      topkPasses: 8,
      randkHostUsPerIndex: 0,
    });
    expect(b.compressorMs).toBeCloseTo(2 * 2 * (o.forwardMs + o.backwardMs), 12);
    // Nothing after the last layer: the same as no compression.
    const none = iteration(s);
    const late = iteration({ ...s, compression: { ...s.compression, method: ae, startLayer: 4 } });
    expect(late.totalMs).toBeCloseTo(none.totalMs, 12);
  });

  it('pipeline boundaries: activations forward, gradients back; the AE shrinks both', () => {
    const s = tinySetup({ layers: 4 }, { pp: 2, tp: 1 });
    const none = iteration(s);
    expect(none.tpCommMs).toBe(0);
    expect(none.ppCommMs).toBeCloseTo(2 * pointToPointMs(link, 2 * 16 * 64), 12);
    const ae = iteration({
      ...s,
      compression: { ...s.compression, method: { kind: 'ae', aeDim: 4 }, where: 'pp', ppAeDim: 8 },
    });
    expect(ae.ppCommMs).toBeCloseTo(2 * pointToPointMs(link, 2 * 16 * 8), 12);
    // Three micro-batches: (q − 1) + (m − 1) = 3 crossings.
    const m3 = iteration({ ...s, workload: { ...s.workload, microBatches: 3 } });
    expect(m3.ppCommMs).toBeCloseTo(3 * 2 * pointToPointMs(link, 2 * 16 * 64), 12);
  });

  it('compression helps less as the link gets faster, and the baseline never slows down', () => {
    const s = setupOf({ ...defaults, tpLink: 'pcie4', ppLink: 'pcie4' });
    let lastSpeedup = Infinity;
    let lastMs = Infinity;
    for (const bw of [1, 5, 25, 100, 300, 900]) {
      const l = { ...s.cluster.tpLink, bandwidthGBs: bw };
      const c = compare({ ...s, cluster: { ...s.cluster, tpLink: l, ppLink: l } });
      expect(c.speedup).toBeLessThan(lastSpeedup);
      expect(c.baseline.totalMs).toBeLessThan(lastMs);
      lastSpeedup = c.speedup;
      lastMs = c.baseline.totalMs;
    }
  });

  it('a run’s calibration reaches the live view, labelled measured', () => {
    const cal: Record<string, number> = {};
    for (const key of ['ae', 'topk', 'randk', 'quant8', 'quant4', 'quant2']) {
      cal[`${key}.encodeCopies`] = 3;
      cal[`${key}.decodeCopiesPerPeer`] = 1;
    }
    const r = modelExperiment(mcbench, defaults, cal)!;
    const rows = r.tables.find((t) => t.id === 'iteration')!.rows.slice(1);
    expect(rows.every((row) => row[8] === 'measured on this device')).toBe(true);
    expect(r.metrics.find((m) => m.key === 'costSource')!.provenance).toBe('measured');
  });

  it('a calibration replaces the roofline estimate and is labelled measured', () => {
    const m = { kind: 'quant' as const, bits: 8 };
    const os = { gpu: findGpuModel('a100-40gb')!, mfu: 0.5, bwFraction: 1, topkPasses: 8, randkHostUsPerIndex: 0 };
    const cal = { [encodeKey(m)]: 2, [decodeKey(m)]: 0.5 };
    const o = calibratedOverhead(m, 1000, 1000, 4, os, cal)!;
    const copyMs = (2 * 1000 * 1000 * 2) / (1555 * 1e6);
    expect(o.forwardMs).toBeCloseTo((2 + 4 * 0.5) * copyMs, 12);
    expect(o.source).toBe('measured');
    expect(calibratedOverhead({ kind: 'topk', k: 5 }, 1000, 1000, 4, os, cal)).toBeUndefined();
  });
});

describe('bad input', () => {
  it('bits not in {2, 4, 8}, k > size, k < 1 and uneven splits are UserInputErrors', () => {
    expect(() => validateMethod({ kind: 'quant', bits: 3 }, 100, 10)).toThrow(UserInputError);
    expect(() => validateMethod({ kind: 'topk', k: 101 }, 100, 10)).toThrow(/more than the 100 values/);
    expect(() => validateMethod({ kind: 'randk', k: 0 }, 100, 10)).toThrow(UserInputError);
    expect(() => validateMethod({ kind: 'topk', k: 2.5 }, 100, 10)).toThrow(UserInputError);
    expect(() => validateMethod({ kind: 'ae', aeDim: 11 }, 100, 10)).toThrow(/larger than the hidden size/);
    expect(() => validateMethod({ kind: 'ae', aeDim: 0 }, 100, 10)).toThrow(UserInputError);
    expect(() => modelExperiment(mcbench, { ...defaults, bits: '3' })).toThrow(UserInputError);
    expect(() => modelExperiment(mcbench, { ...defaults, topK: 0 })).toThrow(UserInputError);
    // The chosen compressor must fit the message; only compressors shown for comparison are left out.
    const tiny = { ...defaults, microBatch: 1, seqLen: 8, hidden: 128, heads: 4, topK: 10_000 };
    expect(() => modelExperiment(mcbench, { ...tiny, method: 'topk' })).toThrow(/k = 10000 is more than/);
    const shown = modelExperiment(mcbench, tiny)!.tables.find((t) => t.id === 'iteration')!;
    expect(shown.rows.map((r) => r[0])).not.toContain('Top-k (k = 10000)');
    expect(shown.note).toMatch(/Not compared: top-k 10000 \(k more than the 1024 values of one message\)/);
    expect(() => modelExperiment(mcbench, { ...defaults, layers: 5, pp: 2 })).toThrow(/pipeline stages/);
    expect(() => modelExperiment(mcbench, { ...defaults, tp: 3 })).toThrow(UserInputError);
  });

  it('a hidden size the heads do not divide is a UserInputError naming both', () => {
    // 1000 splits across TP 2 and 16 heads split across TP 2, but 1000 / 16 = 62.5 channels per head.
    expect(() => modelExperiment(mcbench, { ...defaults, hidden: 1000, heads: 16 })).toThrow(UserInputError);
    expect(() => modelExperiment(mcbench, { ...defaults, hidden: 1000, heads: 16 })).toThrow(
      /Hidden size 1000 does not split evenly into 16 attention heads/,
    );
    expect(() => modelExperiment(mcbench, { ...defaults, hidden: 1000, heads: 8 })).not.toThrow();
  });

  it('“compress only layers after” past the last layer compresses none, and the note says so', () => {
    const r = modelExperiment(mcbench, { ...defaults, layers: 24, startLayer: 50 })!;
    const note = r.tables.find((t) => t.id === 'iteration')!.note!;
    expect(note).not.toMatch(/51–24/);
    expect(note).toMatch(/no tensor-parallel all-reduce .*50 leaves none of the 24 layers/);
    expect(Number(r.metrics.find((m) => m.key === 'speedup')!.value)).toBe(1);
    const early = r.tables.find((t) => t.id === 'takeaways')!.rows.find((row) => row[0] === 'Early layers')!;
    expect(String(early[1])).toMatch(/with no layer compressed/);
    // Pipeline compression is unaffected by it.
    const both = modelExperiment(mcbench, { ...defaults, layers: 24, startLayer: 50, where: 'both' })!;
    expect(both.tables.find((t) => t.id === 'iteration')!.note).toMatch(
      /none of the 24 layers\) and pipeline boundaries/,
    );
    expect(() => iteration({ ...tinySetup(), compression: { ...tinySetup().compression, startLayer: -1 } })).toThrow(
      UserInputError,
    );
  });

  it('the pipeline code width is checked only where pipeline boundaries are compressed', () => {
    const wide = { ...defaults, hidden: 1024, ppAeDim: 2000 };
    expect(() => modelExperiment(mcbench, { ...wide, where: 'tp' })).not.toThrow();
    expect(() => modelExperiment(mcbench, { ...wide, where: 'pp' })).toThrow(
      /k = 2000 is larger than the hidden size 1024/,
    );
  });
});

describe('live view and presets', () => {
  it('every preset gives finite tables, the four charts and a passing check', () => {
    for (const preset of mcbench.presets) {
      const r = modelExperiment(mcbench, { ...defaults, ...preset.values })!;
      for (const t of r.tables)
        for (const row of t.rows)
          for (const v of row) if (typeof v === 'number') expect(Number.isFinite(v), `${preset.id} ${t.id}`).toBe(true);
      expect(r.charts.map((c) => c.id)).toEqual(['split', 'bandwidth', 'break-even', 'scale-up']);
      expect(r.checks.every((c) => c.passed)).toBe(true);
      expect(r.reproductions ?? []).toEqual([]); // no paper throughput numbers are available to check against
    }
  });

  it('BERT-Large TP 2 × PP 2 presets: the headline matches an independent tally of what changes', () => {
    for (const id of ['bert-large-s512-pcie4', 'bert-large-s128-nvlink3', 'bert-large-s512-eth-10']) {
      const preset = mcbench.presets.find((x) => x.id === id)!;
      const p = { ...defaults, ...preset.values };
      const s = setupOf(p);
      const r = modelExperiment(mcbench, p)!;
      const speedup = Number(r.metrics.find((m) => m.key === 'speedup')!.value);
      // Independently: AE replaces 12 layers × 2 forward fp16 all-reduces by all-reduces of the
      // 100-wide code, and adds its GEMMs (forward and 2× backward) on those 24 messages.
      const rows = 32 * Number(p.seqLen);
      const l = s.cluster.tpLink;
      const saved = 24 * (ringAllReduceMs(l, rows * 1024 * 2, 2) - ringAllReduceMs(l, rows * 100 * 2, 2));
      const gpu = s.cluster.gpu;
      const gemm = (a: number, b: number, c: number) =>
        Math.max(
          (2 * a * b * c) / (gpu.fp16TensorTflops * 1e9 * 0.5),
          (2 * (a * b + b * c + a * c)) / (gpu.memBandwidthGBs * 1e6),
        );
      const aeCost = 24 * 3 * (gemm(rows, 1024, 100) + gemm(rows, 100, 1024));
      const base = Number(r.metrics.find((m) => m.key === 'baselineMs')!.value);
      const want = base / (base - saved + aeCost);
      expect(Math.abs(speedup - want) / want, id).toBeLessThan(1e-9);
      expect(speedup).toBeGreaterThan(id.includes('nvlink') ? 0.9 : 1);
    }
  });

  it('no column is labelled paper: nothing here is printed in the paper, the takeaways come from a summary', () => {
    const r = modelExperiment(mcbench, defaults)!;
    for (const t of r.tables) for (const c of t.columns) expect(c.provenance, `${t.id}.${c.key}`).not.toBe('paper');
    const take = r.tables.find((t) => t.id === 'takeaways')!;
    expect(take.rows.map((row) => row[0])).toEqual([
      'Activation vs gradient compression',
      'Training setup',
      'Early layers',
      'Scaling up',
    ]);
    expect(take.note).toMatch(/public reading list \(not the paper’s wording\): Activation vs gradient compression — /);
    expect(take.note).toMatch(/abstract, paraphrased: Scaling up/);
  });

  it('scale-up sweep and takeaways adapt or skip what TP 4 and its sizes cannot use, instead of failing', () => {
    // Each of these failed before with a message about a setting the user never chose.
    const cases: ParamValues[] = [
      { heads: 6, tp: 2, hidden: 1536 }, // 6 heads split over the panel's TP 2, not the sweep's TP 4
      { hidden: 8192, aeDim: 2000 }, // k fits h = 8192, not the sweep's h = 1024
      { topK: 5e7, seqLen: 4096 }, // 5e7 values fit this message, not the sweep's small ones
      { topK: 5e7 }, // …nor this message, with the autoencoder chosen
    ];
    for (const over of cases) {
      const r = modelExperiment(mcbench, { ...defaults, ...over })!;
      const sweep = r.tables.find((t) => t.id === 'scale-up')!;
      const take = r.tables.find((t) => t.id === 'takeaways')!;
      expect(take.rows, JSON.stringify(over)).toHaveLength(4);
      expect(new Set(sweep.rows.map((row) => row[0])).size, JSON.stringify(over)).toBe(11); // every h has rows
      for (const row of sweep.rows) expect(Number.isFinite(row[2]), JSON.stringify(over)).toBe(true);
    }
    const heads = modelExperiment(mcbench, { ...defaults, ...cases[0] })!.tables.find((t) => t.id === 'scale-up')!;
    expect(heads.note).toMatch(/panel’s 6 heads .* 8 heads at h = 1024–25600/);
    expect(heads.rows).toHaveLength(11 * 6);

    const ae = modelExperiment(mcbench, { ...defaults, ...cases[1] })!;
    const aeSweep = ae.tables.find((t) => t.id === 'scale-up')!;
    const aeAt = aeSweep.rows.filter((row) => row[1] === 'AE k=2000').map((row) => row[0]);
    expect(aeAt).toEqual(SCALE_UP_HIDDEN.slice(1)); // h = 1024 < k skipped, every larger h kept
    expect(aeSweep.note).toMatch(/AE k=2000 at h = 1024 \(code wider than h\)/);
    const scale = ae.tables.find((t) => t.id === 'takeaways')!.rows.find((row) => row[0] === 'Scaling up')!;
    expect(String(scale[1])).toMatch(/at h = 2304, .* at h = 25600 .*does not fit h = 1024/);

    const topk = modelExperiment(mcbench, { ...defaults, ...cases[2] })!.tables.find((t) => t.id === 'scale-up')!;
    // 32 × 128 × h values per message: 5e7 fits from h = 12288 (50.3 M values) up.
    expect(topk.rows.filter((row) => row[1] === 'top-k 50000000').map((row) => row[0])).toEqual([
      12288, 16384, 20480, 25600,
    ]);
    expect(topk.note).toMatch(/top-k 50000000 at h = 1024–10240/);
  });

  it('sweep heads: the panel’s count when TP 4 splits it and it divides h, else the nearest that does', () => {
    expect(sweepHeads(16, 1024)).toBe(16);
    expect(sweepHeads(6, 1024)).toBe(8); // 4 and 8 tie; the larger
    expect(sweepHeads(12, 1024)).toBe(16);
    expect(sweepHeads(12, 3072)).toBe(12);
    expect(sweepHeads(1, 2304)).toBe(4);
    expect(sweepHeads(128, 25600)).toBe(128);
    for (const h of SCALE_UP_HIDDEN)
      for (let heads = 1; heads <= 128; heads++) {
        const got = sweepHeads(heads, h);
        expect(got % 4 === 0 && h % got === 0, `${heads} heads, h = ${h}`).toBe(true);
      }
  });

  it('the stage tally in closed form equals a layer-by-layer tally (uneven compressed ranges per stage)', () => {
    const s = tinySetup({ layers: 12, microBatches: 3 }, { pp: 4 });
    const ae = { kind: 'ae' as const, aeDim: 8 };
    for (const startLayer of [0, 1, 5, 6, 11, 12, 40]) {
      const z = { ...s, compression: { ...s.compression, method: ae, startLayer } };
      const b = iteration(z);
      const base = iteration({ ...z, compression: { ...z.compression, method: { kind: 'none' } } });
      const dense = ringAllReduceMs(link, 2 * 16 * 64, 2);
      const code = ringAllReduceMs(link, 2 * 16 * 8, 2);
      const o = estimateOverhead(ae, 16, 64, 2, {
        gpu: s.cluster.gpu,
        mfu: 0.5,
        bwFraction: 1,
        topkPasses: 8,
        randkHostUsPerIndex: 0,
      });
      // Per stage (3 layers each), one layer at a time; then every stage once plus 2 × the slowest.
      const stageComm: number[] = [];
      const stageComp: number[] = [];
      for (let st = 0; st < 4; st++) {
        let comm = 0;
        let comp = 0;
        for (let layer = 3 * st + 1; layer <= 3 * st + 3; layer++) {
          const squeezed = layer > startLayer;
          comm += 2 * (squeezed ? code : dense) + 2 * dense;
          comp += squeezed ? 2 * (o.forwardMs + o.backwardMs) : 0;
        }
        stageComm.push(comm);
        stageComp.push(comp);
      }
      const slowest = [0, 1, 2, 3].reduce(
        (a, i) => (stageComm[i]! + stageComp[i]! > stageComm[a]! + stageComp[a]! ? i : a),
        0,
      );
      const sum = (xs: number[]) => xs.reduce((t, x) => t + x, 0) + 2 * xs[slowest]!;
      expect(b.tpCommMs, `startLayer ${startLayer}`).toBeCloseTo(sum(stageComm), 12);
      expect(b.compressorMs, `startLayer ${startLayer}`).toBeCloseTo(sum(stageComp), 12);
      expect(b.computeMs).toBeCloseTo(base.computeMs, 12);
    }
  });

  it('the scale-up sweep: the AE helps less as h grows at TP 4', () => {
    const r = modelExperiment(mcbench, { ...defaults, ...mcbench.presets.find((x) => x.id === 'scale-up')!.values })!;
    const ae = r.tables
      .find((t) => t.id === 'scale-up')!
      .rows.filter((row) => String(row[1]).startsWith('AE'))
      .map((row) => Number(row[2]));
    expect(ae).toHaveLength(11);
    expect(ae[ae.length - 1]!).toBeLessThan(ae[0]!);
  });
});
