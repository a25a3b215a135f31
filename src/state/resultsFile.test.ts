// The results-file reader against files written by the real CLI (`npm run experiment -- <id>
// --json`, see __fixtures__) and against every way a file can be wrong.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UserInputError } from '../core/errors';
import { experiments } from '../experiments/registry';
import { parseResultsFile } from './resultsFile';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const MODIFIED = Date.UTC(2026, 10, 30, 12, 0, 0);
const parse = (text: string, name = 'run.json') =>
  parseResultsFile({ name, text, lastModified: MODIFIED }, experiments);
const problem = (text: string, name = 'run.json') => {
  try {
    parse(text, name);
  } catch (e) {
    expect(e).toBeInstanceOf(UserInputError);
    return (e as Error).message;
  }
  throw new Error('expected the file to be refused');
};

describe('parseResultsFile on files the CLI wrote', () => {
  it('reads the roofline run: tables, charts and metrics as written, date from the file', () => {
    const doc = JSON.parse(fixture('roofline.results.json'));
    const run = parse(fixture('roofline.results.json'), 'roofline.json');
    expect(run.fileName).toBe('roofline.json');
    expect(run.outcome.experimentId).toBe('roofline');
    expect(run.outcome.kind).toBe('run');
    expect(run.outcome.values).toEqual(doc.params);
    expect(run.outcome.seed).toBe(doc.seed);
    expect(run.outcome.device).toBe('no GPU (modeled parts only)');
    expect(run.outcome.result.tables.map((t) => [t.id, t.rows.length])).toEqual(
      doc.result.tables.map((t: { id: string; rows: unknown[] }) => [t.id, t.rows.length]),
    );
    expect(run.outcome.result.tables[1]!.rows[5]).toEqual(doc.result.tables[1].rows[5]);
    expect(run.outcome.result.charts.map((c) => c.id)).toEqual(['roofline', 'attainable']);
    expect(run.outcome.result.metrics.map((m) => m.provenance)).toEqual(
      doc.result.metrics.map((m: { provenance: string }) => m.provenance),
    );
    // The CLI writes no date: the file's modification time stands in, and says so.
    expect(run.dateFrom).toBe('file-modified');
    expect(run.outcome.finishedAt).toBe(new Date(MODIFIED).toISOString());
  });

  it('keeps the provenance and reproductions of a modeled-only run of another experiment', () => {
    const run = parse(fixture('spec-decoding.modeled.results.json'));
    expect(run.outcome.experimentId).toBe('spec-decoding');
    expect(run.outcome.result.metrics.some((m) => m.provenance === 'paper')).toBe(true);
    expect(run.outcome.result.metrics.some((m) => m.provenance === 'measured')).toBe(false);
    expect(run.outcome.result.reproductions?.[0]?.key).toBeTruthy();
    expect(run.outcome.result.notices[0]).toMatch(/No WebGPU/);
  });

  it('names the device of a measured run, CPU emulation included', () => {
    const run = parse(fixture('benchmarks.swiftshader.results.json'));
    expect(run.outcome.experimentId).toBe('benchmarks');
    expect(run.outcome.device).toBe('SwiftShader driver 5.0.0 (google/swiftshader) (CPU emulation)');
    expect(run.outcome.result.checks.length).toBeGreaterThan(0);
  });

  it('uses a date the file states, and gives each load its own key', () => {
    const doc = JSON.parse(fixture('roofline.results.json'));
    doc.finishedAt = '2026-11-01T08:30:00Z';
    const a = parse(JSON.stringify(doc));
    const b = parse(JSON.stringify(doc));
    expect(a.dateFrom).toBe('file');
    expect(a.outcome.finishedAt).toBe('2026-11-01T08:30:00.000Z');
    expect(a.key).not.toBe(b.key);
  });

  it('accepts an experiment by a legacy id and stores its current id', () => {
    const legacy = experiments.find((e) => e.legacyIds?.length);
    if (!legacy) return;
    const doc = JSON.parse(fixture('roofline.results.json'));
    doc.experiment.id = legacy.legacyIds![0];
    expect(parse(JSON.stringify(doc)).outcome.experimentId).toBe(legacy.id);
  });
});

describe('parseResultsFile refuses wrong files with a clear message', () => {
  const roofline = () => JSON.parse(fixture('roofline.results.json'));

  it('text that is not JSON', () => {
    expect(problem('{"experiment": ', 'broken.json')).toMatch(/“broken\.json” is not valid JSON/);
    expect(problem('')).toMatch(/not valid JSON/);
  });

  it('JSON of another shape, naming the field', () => {
    expect(problem('[1, 2]')).toMatch(/the file should be an object/);
    expect(problem('{"hello": 1}')).toMatch(/experiment should be an object/);
    const noResult = roofline();
    delete noResult.result;
    expect(problem(JSON.stringify(noResult))).toMatch(/result should be an object/);
    const badProvenance = roofline();
    badProvenance.result.tables[0].columns[0].provenance = 'guessed';
    expect(problem(JSON.stringify(badProvenance))).toMatch(
      /result\.tables\[0\]\.columns\[0\]\.provenance should be one of measured/,
    );
    const shortRow = roofline();
    shortRow.result.tables[1].rows[3].pop();
    expect(problem(JSON.stringify(shortRow))).toMatch(/result\.tables\[1\]\.rows\[3\] should be \d+ cells/);
    const objectCell = roofline();
    objectCell.result.tables[0].rows[0][1] = { x: 1 };
    expect(problem(JSON.stringify(objectCell))).toMatch(/rows\[0\]\[1\] should be a number, text or null/);
    const danglingChart = roofline();
    danglingChart.result.charts[0].table = 'nope';
    expect(problem(JSON.stringify(danglingChart))).toMatch(
      /charts\[0\]\.table should be the id of one of the file’s tables/,
    );
    const badSeed = roofline();
    badSeed.seed = -1.5;
    expect(problem(JSON.stringify(badSeed))).toMatch(/seed should be a whole number/);
    const badParam = roofline();
    badParam.params.intensity = [1];
    expect(problem(JSON.stringify(badParam))).toMatch(/params\.intensity/);
  });

  it('an experiment this app does not know', () => {
    const doc = roofline();
    doc.experiment.id = 'flash-attention-9';
    expect(problem(JSON.stringify(doc))).toMatch(/does not know \(“flash-attention-9”\)/);
  });

  it('the GPU kit’s summary instead of a step file', () => {
    const summary = { status: 'ok', settings: 'full', steps: [{ id: 'roofline', experiment: 'roofline' }] };
    expect(problem(JSON.stringify(summary), 'summary.json')).toMatch(
      /summary of a whole session\. Load one of its step files/,
    );
  });

  it('reads JSON nulls (NaN or infinite numbers) as NaN instead of refusing the file', () => {
    const doc = roofline();
    doc.result.metrics[0].value = null;
    expect(parse(JSON.stringify(doc)).outcome.result.metrics[0]!.value).toBeNaN();
  });
});
