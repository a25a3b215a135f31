// The Bagpipe experiment end to end through the runner: registry and presets, the live model's
// tables, a small exact replay (policies table, checks, calibration), the user's trace file,
// the errors bad input must give, and cancelling a running replay.
import { describe, expect, it } from 'vitest';
import { applyPreset, assertValidParams } from '../../core/params';
import { findExperiment } from '../registry';
import { isAbortError, modelExperiment, runExperiment } from '../runner';
import { UserInputError, type RunResult } from '../types';
import { bagpipe } from './index';
import { idsPerSecond, MIN_TIMED_SECONDS } from './runView';

const small = { replayScale: 512, replayBatches: 60 };
const table = (r: RunResult, id: string) => r.tables.find((t) => t.id === id)!;
const metric = (r: RunResult, k: string) => r.metrics.find((m) => m.key === k)!;
const fileOf = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });

describe('Bagpipe experiment', () => {
  it('is registered as "bagpipe" under Recommendation, and every preset is valid', () => {
    expect(findExperiment('bagpipe')).toBe(bagpipe);
    expect(bagpipe.topic).toBe('Recommendation');
    for (const p of bagpipe.presets) expect(() => applyPreset(bagpipe.params, p), p.id).not.toThrow();
  });

  it('paper presets state both headlines against the paper, each off result with its cause', () => {
    for (const id of ['paper-criteo', 'paper-avazu', 'paper-terabyte']) {
      const preset = bagpipe.presets.find((p) => p.id === id)!;
      const r = modelExperiment(bagpipe, applyPreset(bagpipe.params, preset))!;
      expect(
        r.reproductions?.map((x) => x.key),
        id,
      ).toEqual(['embedding-share', 'max-speedup']);
      const [share, speedup] = r.reproductions!;
      expect(share!.paper).toBe(75);
      expect(speedup!.paper).toBe(5.6);
      expect(share!.ours).toBeCloseTo(Number(table(r, 'paper-vs-ours').rows[0]![3]), 9);
      // Our ideal links make the baselines fast: Bagpipe still wins, by less than the paper's 5.6×.
      expect(speedup!.ours).toBeGreaterThan(1.5);
      expect(speedup!.ours).toBeLessThan(5.6);
      for (const x of r.reproductions!) expect(x.oursProvenance).toBe('modeled');
      // Our share is above the paper's: the cause says so and names the compute that would give 75 %.
      expect(share!.ours).toBeGreaterThan(75);
      expect(share!.cause).toMatch(/^Ours is higher than the paper's/);
      const needMs = Number(/75 % on embeddings and sync at ([\d.]+) ms/.exec(share!.cause!)?.[1]);
      // Consistent with the share: E + S = s·C / (1 − s), and 75 % needs compute (E + S) / 3.
      const computeMs = Number(/compute per iteration \(([\d.]+) ms/.exec(share!.cause!)?.[1]);
      const s = share!.ours / 100;
      const embeddingAndSync = (s * computeMs) / (1 - s);
      expect(needMs / (embeddingAndSync / 3)).toBeGreaterThan(0.9);
      expect(needMs / (embeddingAndSync / 3)).toBeLessThan(1.1);
      expect(speedup!.cause).toMatch(/gloo/);
      // Terabyte's table sizes are our assumption: its records never count as independent.
      expect(share!.basis, id).toBe(id === 'paper-terabyte' ? 'assumed-workload' : undefined);
      expect(speedup!.basis === 'assumed-workload', id).toBe(/Terabyte/.test(speedup!.claim));
    }
  });

  it('live model: expected counts at paper scale, iteration breakdown, speedup grid, paper beside ours', () => {
    const r = modelExperiment(bagpipe, {})!;
    for (const id of ['skew', 'policies-expected', 'iteration', 'iteration-breakdown', 'speedup-grid', 'paper-vs-ours'])
      expect(table(r, id), id).toBeDefined();
    expect(metric(r, 'top1Share').value as number).toBeCloseTo(92, 6);
    // Bagpipe fetches nothing on the critical path and beats the artifact's baseline.
    const it = table(r, 'iteration');
    const bag = it.rows.find((row) => String(row[0]).startsWith('Bagpipe'))!;
    expect(bag[2]).toBe(0);
    expect(metric(r, 'speedupVsLa1').value as number).toBeGreaterThan(1);
    expect(table(r, 'speedup-grid').rows).toHaveLength(12);
    expect(new Set(table(r, 'speedup-grid').rows.map((row) => row[0]))).toEqual(
      new Set(['Criteo Kaggle', 'Avazu', 'Criteo Terabyte']),
    );
    const paper = table(r, 'paper-vs-ours');
    expect(paper.rows.map((row) => row[2])).toEqual([75, 75, 92, 5.6, 5.6]);
    // More lookahead: a higher Oracle hit rate and more cache rows.
    const longer = modelExperiment(bagpipe, { lookahead: 400 })!;
    expect(metric(longer, 'oracleHitRate').value as number).toBeGreaterThan(metric(r, 'oracleHitRate').value as number);
    expect(metric(longer, 'oraclePeakRows').value as number).toBeGreaterThan(
      metric(r, 'oraclePeakRows').value as number,
    );
    expect(longer.notices.join(' ')).toMatch(/needs about \d+ cache rows per trainer, more than C = 5000000/);
  });

  it('speedup grid: rows whose Bagpipe cache exceeds C are marked and left out of the largest speedup', () => {
    const at = (c: Record<string, number>) => {
      const r = modelExperiment(bagpipe, c)!;
      const g = table(r, 'speedup-grid');
      const k = (key: string) => g.columns.findIndex((c) => c.key === key);
      const fits = (row: (string | number | null)[]) => row[k('fits')] === 'yes';
      for (const row of g.rows) expect(fits(row)).toBe((row[k('peakRows')] as number) <= (c.cacheRows ?? 5_000_000));
      const best = (rows: typeof g.rows) => Math.max(...rows.map((row) => row[k('vsLa1')] as number));
      const speedup = r.reproductions!.find((x) => x.key === 'max-speedup')!;
      expect(speedup.ours).toBe(best(g.rows.filter(fits)));
      return { g, k, speedup, best, fits };
    };
    // L = 200, C = 5 M: Terabyte's cacher needs about 5.29 M rows.
    const def = at({});
    const terabyte = def.g.rows.filter((row) => row[0] === 'Criteo Terabyte');
    expect(terabyte.map((row) => row[def.k('fits')])).toEqual(Array(4).fill('no: needs 5.29 M'));
    expect(def.g.note).toMatch(/^Criteo Terabyte needs more cache rows than C at this lookahead/);
    const gridTitle = (r: ReturnType<typeof modelExperiment>) => r!.charts.find((c) => c.id === 'grid-speedup')!.title;
    expect(gridTitle(modelExperiment(bagpipe, {}))).toMatch(/\(over the cache: Criteo Terabyte\)$/);
    expect(gridTitle(modelExperiment(bagpipe, { cacheRows: 8_000_000 }))).not.toMatch(/over the cache/);
    // L = 300: Criteo Kaggle (6.07 M) and Terabyte (6.98 M) do not fit; the largest over all rows
    // would be Terabyte's, the headline is Avazu's.
    const l300 = at({ lookahead: 300 });
    expect(l300.g.rows.filter((row) => !l300.fits(row)).map((row) => row[0])).toEqual([
      ...Array(4).fill('Criteo Kaggle'),
      ...Array(4).fill('Criteo Terabyte'),
    ]);
    expect(l300.best(l300.g.rows)).toBeGreaterThan(l300.speedup.ours);
    expect(l300.speedup.claim).toMatch(/Avazu\)$/);
    expect(l300.speedup.basis).toBeUndefined();
    // A cache of 8 M rows holds every data set's window at L = 200.
    expect(at({ cacheRows: 8_000_000 }).g.rows.every((row) => row.at(-1) === 'yes')).toBe(true);
  });

  it('when no data set fits the cache, no largest speedup is stated (no record, blank cells, the remedy)', () => {
    const r = modelExperiment(bagpipe, { cacheRows: 2_000_000 })!;
    expect(table(r, 'speedup-grid').rows.some((row) => row.at(-1) === 'yes')).toBe(false);
    expect(r.reproductions!.map((x) => x.key)).toEqual(['embedding-share']);
    const rows = table(r, 'paper-vs-ours').rows.filter((row) => String(row[0]).startsWith('Largest'));
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row[3]).toBeNull();
      expect(row[4]).toBeNull();
      expect(row[5]).toMatch(/raise C or lower L/);
    }
  });

  it('the Criteo-Terabyte-like trace says its table sizes are assumed', () => {
    const notice = /Criteo Terabyte's table sizes are assumed/;
    expect(modelExperiment(bagpipe, { traceSource: 'terabyte', cacheRows: 8_000_000 })!.notices.join(' ')).toMatch(
      notice,
    );
    expect(modelExperiment(bagpipe, {})!.notices.join(' ')).not.toMatch(notice);
  });

  it('Run replays a scaled trace exactly: the policies table, passing closed-form checks, measured speed', async () => {
    const r = await runExperiment(bagpipe, small);
    const t = table(r, 'policies');
    expect(t.columns.map((c) => c.key).slice(0, 6)).toEqual([
      'policy',
      'hits',
      'misses',
      'hitRate',
      'prefetchedRows',
      'writtenBackRows',
    ]);
    expect(t.rows).toHaveLength(6);
    const hits = (label: RegExp) => t.rows.find((row) => label.test(String(row[0])))![1] as number;
    expect(hits(/^Belady/)).toBeGreaterThanOrEqual(hits(/^LRU/));
    expect(hits(/^No cache/)).toBe(0);
    expect(r.checks.length).toBeGreaterThan(5);
    for (const c of r.checks) expect(c.passed, `${c.name}: ${c.detail}`).toBe(true);
    expect(table(r, 'throughput').columns.every((c) => c.provenance === 'measured')).toBe(true);
    // A replay this small may take under MIN_TIMED_SECONDS: then the speed is "too short to
    // time" and calibrates nothing; otherwise it is a positive, finite rate.
    const speed = r.metrics.find((m) => m.key === 'oracleIdsPerSecond')!;
    if (speed.value === 'too short to time') expect(r.calibration!.oracleIdsPerSecond).toBeUndefined();
    else expect(r.calibration!.oracleIdsPerSecond).toBe(speed.value);
    expect(Number.isFinite(r.calibration!.oracleIdsPerSecond ?? 1)).toBe(true);
    expect(r.notices[0]).toMatch(
      /Replayed 60 batches of a Criteo Kaggle-like trace at 1\/512 scale: 32 examples per batch/,
    );
  });

  it("replays the user's trace file, and the live model then uses its counts", async () => {
    const text = '# three batches\n1 2 3 1\n2 3 4\n1 5\n';
    const r = await runExperiment(
      bagpipe,
      { traceSource: 'file', traceFile: 'mine.txt', cacheRows: 4, lookahead: 3, trainers: 2 },
      { files: { traceFile: fileOf('mine.txt', text) } },
    );
    expect(r.notices[0]).toMatch(/Replayed your trace "mine\.txt" whole \(3 batches, 9 ids\)/);
    const t = table(r, 'policies');
    const oracle = t.rows.find((row) => String(row[0]).startsWith("Bagpipe's"))!;
    // Unique rows {1,2,3}, {2,3,4}, {1,5}. Batch 1 reuses 2, 3 (gap 1 ≤ L − 1 = 2); batch 2 reuses 1
    // (gap 2): 3 hits of 8.
    expect([oracle[1], oracle[2]]).toEqual([3, 5]);
    expect(r.tables.some((x) => x.id === 'closed-form-vs-replay')).toBe(false);
    const live = bagpipe.model!(
      assertValidParams(bagpipe.params, { traceSource: 'file', cacheRows: 4, lookahead: 3, trainers: 2 }),
      r.calibration,
    );
    expect(table(live, 'policies-expected').title).toMatch(/your trace file/);
    expect(metric(live, 'oracleHitRate').value).toBeCloseTo(37.5, 9);
  });

  it('bad input: a malformed file, C below a batch, L < 1, no file chosen, a replay too large', async () => {
    await expect(
      runExperiment(
        bagpipe,
        { traceSource: 'file', traceFile: 'bad.txt' },
        { files: { traceFile: fileOf('bad.txt', '1 2\n3 x\n') } },
      ),
    ).rejects.toThrow('bad.txt: line 2: "x" is not an integer row id');
    await expect(runExperiment(bagpipe, { ...small, cacheRows: 1000 })).rejects.toThrow(
      /cacheRows = 1000 ÷ 512 = 2 is smaller than batch \d+'s \d+ unique rows/,
    );
    expect(() => modelExperiment(bagpipe, { cacheRows: 1000 })).toThrow(
      /cacheRows = 1000 is smaller than a batch's \d+ unique rows/,
    );
    expect(() => assertValidParams(bagpipe.params, { lookahead: 0 })).toThrow(/Lookahead L.*out of range/);
    await expect(runExperiment(bagpipe, { traceSource: 'file' })).rejects.toThrow('choose a trace file first');
    await expect(runExperiment(bagpipe, { replayScale: 1, replayBatches: 20_000, batchSize: 131_072 })).rejects.toThrow(
      UserInputError,
    );
  });

  it('Cancel stops a running replay', async () => {
    const controller = new AbortController();
    const run = runExperiment(bagpipe, small, {
      signal: controller.signal,
      onProgress: (_f, m) => {
        if (m?.startsWith('replaying lru')) controller.abort();
      },
    });
    const err = await run.then(
      () => null,
      (e: unknown) => e,
    );
    expect(isAbortError(err)).toBe(true);
  });
});

describe('Bagpipe replay speed', () => {
  it('is not computed from times under the clock floor (no Infinity from a 0 ms replay)', () => {
    expect(idsPerSecond({ ids: 1000, seconds: 0, cpuSeconds: null })).toBeNaN();
    expect(idsPerSecond({ ids: 1000, seconds: MIN_TIMED_SECONDS / 2, cpuSeconds: 0 })).toBeNaN();
    // CPU time under the floor falls back to a long enough wall time.
    expect(idsPerSecond({ ids: 1000, seconds: 0.01, cpuSeconds: 0 })).toBeCloseTo(100_000, 6);
    expect(idsPerSecond({ ids: 1000, seconds: 0.01, cpuSeconds: 0.02 })).toBeCloseTo(50_000, 6);
  });
});
