// Command-line parsing of `npm run bench`: defaults, the page query it turns into, and a clear
// UsageError (exit 2) for every kind of bad input.
import { describe, expect, it } from 'vitest';
import { UsageError } from './args';
import { chromiumArgs } from './benchBrowser';
import { experimentParams, experimentQuery, parseBenchArgs } from './benchOptions';
import { parseBenchCsv } from './benchCsv';
import { buildCsv } from '../src/experiments/csv';
import { BENCH_CASES } from '../src/experiments/benchmarks/cases';

describe('bench options', () => {
  it('defaults: every case, both peers, 10 reps, SwiftShader unless a GPU is found', () => {
    const o = parseBenchArgs([], false)!;
    expect(o).toMatchObject({
      size: 'auto',
      ort: true,
      tfjs: true,
      reps: 10,
      warmup: 2,
      adapter: 'swiftshader',
      out: 'bench-results',
      timeoutMs: 1_800_000,
    });
    expect(o.cases).toEqual(BENCH_CASES.map((c) => c.id));
    expect(parseBenchArgs([], true)!.adapter).toBe('default');
    expect(parseBenchArgs(['--help'])).toBeNull();
  });

  it('turns options into the experiment URL the UI itself would link', () => {
    const o = parseBenchArgs(
      ['--cases', 'gemv,xattn,gemv', '--peers', 'none', '--size', 'small', '--reps', '12', '--out', 'x/y.csv'],
      false,
    )!;
    expect(o.cases).toEqual(['gemv', 'xattn']);
    expect(o.out).toBe('x/y');
    const q = new URLSearchParams(experimentQuery(o));
    expect(q.get('exp')).toBe('benchmarks');
    expect([q.get('size'), q.get('reps'), q.get('ort'), q.get('tfjs')]).toEqual(['small', '12', 'false', 'false']);
    expect(q.get('xattn')).toBe('true');
    expect(q.get('matmul')).toBe('false');
  });

  it('runs in Chromium unless --host node, with the same experiment parameters either way', () => {
    expect(parseBenchArgs([], false)!.host).toBe('chromium');
    const o = parseBenchArgs(['--host', 'node', '--cases', 'matmul', '--peers', 'tfjs'], false)!;
    expect(o.host).toBe('node');
    expect(experimentParams(o)).toMatchObject({ matmul: true, gemv: false, ort: false, tfjs: true, reps: 10 });
    const q = new URLSearchParams(experimentQuery(o));
    for (const [k, v] of Object.entries(experimentParams(o))) expect(q.get(k), k).toBe(String(v));
  });

  it.each([
    [['--size', 'huge'], /--size "huge" is not valid: expected one of auto, small, realistic/],
    [['--cases', 'xattn,nope'], /--cases: unknown "nope" \(known: xattn, /],
    [['--cases', 'xattn,,matmul'], /--cases "xattn,,matmul": expected comma-separated names/],
    [['--reps', '5'], /--reps "5" is not valid: expected an integer in \[10, 200\]/],
    [['--warmup', '0'], /--warmup "0" is not valid/],
    [['--adapter', 'metal'], /--adapter "metal" is not valid: expected one of swiftshader, default/],
    [['--peers', 'torch'], /--peers: unknown "torch"/],
    [['--host', 'deno'], /--host "deno" is not valid: expected one of chromium, node/],
    [['--timeout', '5'], /--timeout "5" is not valid/],
    [['--out', ' '], /--out needs a file name/],
    [['extra'], /unexpected argument extra/],
  ])('rejects %j with a message naming the problem', (args, message) => {
    expect(() => parseBenchArgs(args, false)).toThrow(UsageError);
    expect(() => parseBenchArgs(args, false)).toThrow(message);
  });

  it('drops the SwiftShader flag for a real GPU and keeps the fine-timestamp flag for both', () => {
    expect(chromiumArgs('swiftshader')).toContain('--use-webgpu-adapter=swiftshader');
    expect(chromiumArgs('default')).not.toContain('--use-webgpu-adapter=swiftshader');
    for (const a of ['swiftshader', 'default'] as const) {
      expect(chromiumArgs(a)).toEqual(
        expect.arrayContaining(['--enable-unsafe-webgpu', '--enable-webgpu-developer-features', '--no-sandbox']),
      );
    }
  });
});

describe('reading downloaded CSVs back', () => {
  it('recovers the header lines and typed cells that buildCsv wrote', () => {
    const text = buildCsv(
      {
        id: 'results',
        title: 'T',
        note: 'n',
        columns: [
          { key: 'case', label: 'Case', type: 'string', provenance: 'measured' },
          { key: 'ms', label: 'Median', unit: 'ms', type: 'number', provenance: 'measured' },
          { key: 'note', label: 'Note', type: 'string', provenance: 'measured' },
        ],
        rows: [
          ['xattn', 1.5, 'a, "quoted" note'],
          ['gemv', null, '1e3x'],
        ],
      },
      {
        experiment: 'benchmarks',
        params: { size: 'small' },
        seed: 42,
        device: 'Dev (CPU emulation)',
        appVersion: '0.1.0',
        generatedAt: '2026-01-01T00:00:00Z',
      },
    );
    const p = parseBenchCsv(text);
    expect(p.meta).toMatchObject({
      experiment: 'benchmarks',
      table: 'results (T)',
      params: 'size=small',
      seed: '42',
      device: 'Dev (CPU emulation)',
      note: 'n',
    });
    expect(p.columns).toEqual(['case', 'ms', 'note']);
    expect(p.rows).toEqual([
      { case: 'xattn', ms: 1.5, note: 'a, "quoted" note' },
      { case: 'gemv', ms: null, note: '1e3x' },
    ]);
  });
});
