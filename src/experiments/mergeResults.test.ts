// mergeResults decides the order of everything a run shows (CLI output, CSV files, UI panels), so
// its rules are pinned here: argument order kept per field, calibrations merged, empty parts fine.
import { describe, expect, it } from 'vitest';
import { mergeResults } from './mergeResults';
import type { ChartSpec, Check, Metric, RunResult, Table } from './types';

const table = (id: string): Table => ({ id, title: id, columns: [], rows: [] });
const metric = (key: string): Metric => ({ key, label: key, value: 1, provenance: 'modeled' });
const check = (name: string): Check => ({ name, maxAbsError: 0, maxRelError: 0, tolerance: 0, passed: true });
const chart = (id: string): ChartSpec => ({ id, title: id, kind: 'bar', table: id, x: 'x', y: 'y' });
const ids = (r: RunResult) => ({
  tables: r.tables.map((t) => t.id),
  metrics: r.metrics.map((m) => m.key),
  checks: r.checks.map((c) => c.name),
  charts: r.charts.map((c) => c.id),
  notices: r.notices,
});

describe('mergeResults', () => {
  it('concatenates every list in argument order', () => {
    const modeled: RunResult = {
      tables: [table('m1'), table('m2')],
      metrics: [metric('mk')],
      checks: [check('mc')],
      charts: [chart('mch')],
      notices: ['mn'],
    };
    const measured: RunResult = {
      tables: [table('r1')],
      metrics: [metric('rk1'), metric('rk2')],
      checks: [check('rc')],
      charts: [chart('rch')],
      notices: ['rn'],
    };
    expect(ids(mergeResults(modeled, measured))).toEqual({
      tables: ['m1', 'm2', 'r1'],
      metrics: ['mk', 'rk1', 'rk2'],
      checks: ['mc', 'rc'],
      charts: ['mch', 'rch'],
      notices: ['mn', 'rn'],
    });
    expect(ids(mergeResults(measured, modeled)).tables).toEqual(['r1', 'm1', 'm2']);
  });

  it('lets a notices-only part lead while the tables follow the later parts', () => {
    const r = mergeResults(
      { notices: ['first'] },
      { tables: [table('a')], notices: ['second'] },
      { tables: [table('b')] },
      { notices: ['last'] },
    );
    expect(r.notices).toEqual(['first', 'second', 'last']);
    expect(r.tables.map((t) => t.id)).toEqual(['a', 'b']);
  });

  it('merges calibration objects, later parts winning on the same key', () => {
    const r = mergeResults({ calibration: { a: 1, b: 2 } }, { tables: [] }, { calibration: { b: 3, c: 4 } });
    expect(r.calibration).toEqual({ a: 1, b: 3, c: 4 });
  });

  it('leaves calibration out when no part has one (JSON output keeps no empty key)', () => {
    const r = mergeResults({ tables: [table('t')] }, { calibration: undefined });
    expect('calibration' in r).toBe(false);
    expect(Object.keys(r)).toEqual(['tables', 'metrics', 'checks', 'charts', 'notices']);
  });

  it('returns a complete, empty result for no parts or empty parts', () => {
    const empty = { tables: [], metrics: [], checks: [], charts: [], notices: [] };
    expect(mergeResults()).toEqual(empty);
    expect(mergeResults({}, {})).toEqual(empty);
  });

  it('does not alias or mutate its inputs', () => {
    const part: RunResult = {
      tables: [table('t')],
      metrics: [],
      checks: [],
      charts: [],
      notices: ['n'],
      calibration: { x: 1 },
    };
    const r = mergeResults(part);
    r.tables.push(table('u'));
    r.notices.push('m');
    r.calibration!.x = 2;
    expect(part.tables.map((t) => t.id)).toEqual(['t']);
    expect(part.notices).toEqual(['n']);
    expect(part.calibration).toEqual({ x: 1 });
  });
});

describe('mergeResults reproductions', () => {
  const r = (key: string, ours: number) => ({
    key,
    claim: key,
    where: 'Table 1',
    paper: 2,
    ours,
    oursProvenance: 'modeled' as const,
    tolerance: 0.1,
  });
  it('concatenates, and a later claim with the same key replaces the earlier one in place', () => {
    const out = mergeResults({ reproductions: [r('a', 1), r('b', 1)] }, { reproductions: [r('a', 3), r('c', 1)] });
    expect(out.reproductions?.map((x) => `${x.key}=${x.ours}`)).toEqual(['a=3', 'b=1', 'c=1']);
  });
  it('leaves reproductions absent when no part has any', () => {
    expect(mergeResults({ tables: [] }).reproductions).toBeUndefined();
  });
});
