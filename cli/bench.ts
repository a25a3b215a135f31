// `npm run bench -- [--size auto|small|realistic] [--cases a,b] [--peers ort,tfjs|none]
//                   [--reps N] [--warmup N] [--adapter swiftshader|default] [--host chromium|node] [--out FILE]`
// Runs the Benchmarks experiment (src/experiments/benchmarks) — ours vs ONNX Runtime Web and
// TensorFlow.js on WebGPU — in headless Chromium (each peer on its own device, as a user's page
// would), or with --host node in this process on dawn.node (the peers on our device; see
// cli/benchNode.ts), and writes FILE.csv (the results table, exactly as the page's Download CSV
// gives it) and FILE.json (every table, metric, check and notice). Benchmarks measure; nothing
// here asserts a time (see the testing ladder in the design guide). First it times Bagpipe's
// Oracle Cacher and LRU replay in Node (cli/benchReplay.ts; --size small shrinks its trace).
import { writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ensureDir } from './files';
import { formatTable } from './format';
import { runCli } from './main';
import { experimentQuery, nodeAdapter, parseBenchArgs, USAGE, type BenchOptions } from './benchOptions';
import type { CollectedRun } from './benchBrowser';
import { parseBenchCsv, type ParsedCsv } from './benchCsv';
import { UserInputError, type Table } from '../src/core';
import { decodeBandwidthFractions } from '../src/experiments/benchmarks/harness/decodeBandwidth';
import { runReplaySection } from './benchReplay';

const SUMMARY_COLUMNS = [
  'case',
  'impl',
  'status',
  'method',
  'medianMs',
  'minMs',
  'wallMedianMs',
  'gflops',
  'roofPct',
  'speedupWall',
  'speedupGpu',
  'maxAbsError',
];

/** A console view of a downloaded table, optionally narrowed to some columns (the files keep all). */
function asTable(t: ParsedCsv, id: string, columns = t.columns): Table {
  return {
    id,
    title: t.meta.table?.replace(/^\S+ \((.*)\)$/, '$1') ?? id,
    columns: columns.map((key) => ({
      key,
      label: key,
      provenance: 'measured',
      type: t.rows.every((r) => r[key] === null || typeof r[key] === 'number') ? 'number' : 'string',
    })),
    rows: t.rows.map((r) => columns.map((k) => r[k] ?? null)),
  };
}

function jsonReport(o: BenchOptions, run: CollectedRun, tables: Map<string, ParsedCsv>, bagpipeReplay: unknown) {
  const results = tables.get('results')!;
  return {
    benchmark: 'benchmarks',
    provenance: 'measured',
    device: results.meta.device ?? 'unknown',
    cpuEmulation: /CPU emulation/.test(results.meta.device ?? ''),
    adapterOption: o.adapter,
    host: o.host === 'node' ? 'node (dawn.node; peers on the same device)' : 'headless Chromium',
    url: run.url,
    params: results.meta.params,
    seed: results.meta.seed,
    appVersion: results.meta['app version'],
    generatedAt: results.meta.generated,
    metrics: run.metrics,
    decodeWeightBandwidth: decodeBandwidthFractions(tables.get('results'), tables.get('roof')),
    checks: run.checks,
    notices: run.notices,
    tables: Object.fromEntries(
      [...tables].map(([id, t]) => [
        id,
        { title: t.meta.table, columns: t.meta.columns, note: t.meta.note, rows: t.rows },
      ]),
    ),
    // null under --host node: no page there, and nothing watches the peers' requests.
    pageErrors: run.pageErrors,
    blockedRequests: run.blockedRequests,
    bagpipeReplay,
  };
}

await runCli(async () => {
  const o = parseBenchArgs(process.argv.slice(2));
  if (!o) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  await ensureDir(dirname(o.out), 'out');
  const log = (line: string) => process.stderr.write(`${line}\n`);
  // CPU code, timed in Node before the browser starts (see benchReplay.ts).
  const replay = runReplaySection(o.size, log);
  const run = o.host === 'node' ? await runNode(o, log) : await runChromium(o, log);
  await report(o, run, replay);
});

/** The experiment in this process on dawn.node, peers on the same device (benchNode.ts). */
async function runNode(o: BenchOptions, log: (line: string) => void): Promise<CollectedRun> {
  log(`running the benchmarks in Node on dawn.node (adapter: ${nodeAdapter(o.adapter) ?? "Dawn's choice"})`);
  const { runInNode } = await import('./benchNode');
  return runInNode(o, log);
}

async function runChromium(o: BenchOptions, log: (line: string) => void): Promise<CollectedRun> {
  // Vite and Playwright load only once the command line is known to be good.
  const { buildApp, PageRunError, removeBuild, runInChromium, serve } = await import('./benchBrowser');
  const outDir = await buildApp(log);
  let run: CollectedRun;
  try {
    const server = await serve(outDir);
    try {
      const origin = server.resolvedUrls?.local[0];
      if (!origin) throw new Error('vite preview did not report a local URL');
      log(`serving ${origin}; running the benchmarks in headless Chromium (adapter: ${o.adapter})`);
      run = await runInChromium(origin, experimentQuery(o), o.adapter, o.timeoutMs, log);
    } finally {
      await server.close();
    }
  } catch (e) {
    // The experiment's own input errors (e.g. a device limit) are the user's to fix: exit 2.
    if (e instanceof PageRunError && /Invalid input|Too large/.test(e.title)) throw new UserInputError(e.message);
    throw e;
  } finally {
    await removeBuild(outDir);
  }
  return run;
}

async function report(o: BenchOptions, run: CollectedRun, replay: ReturnType<typeof runReplaySection>): Promise<void> {
  const tables = new Map([...run.csv].map(([id, text]) => [id, parseBenchCsv(text)]));
  const results = tables.get('results');
  if (!results)
    throw new Error(`the page offered no results table (tables: ${[...tables.keys()].join(', ') || 'none'})`);
  const device = results.meta.device ?? 'unknown';
  const emulated = /CPU emulation/.test(device);
  process.stdout.write(`device: ${device}${emulated ? ' — CPU emulation: compare ratios, not speeds' : ''}\n\n`);
  process.stdout.write(`${formatTable(asTable(results, 'results', SUMMARY_COLUMNS), Infinity)}\n`);
  const ratios = tables.get('ratios');
  if (ratios) process.stdout.write(`\n${formatTable(asTable(ratios, 'ratios'), Infinity)}\n`);
  for (const d of decodeBandwidthFractions(results, tables.get('roof'))) {
    process.stdout.write(
      `LLM decode weight-bandwidth fraction, ${d.impl}: ${(100 * d.fraction).toFixed(0)}% ` +
        `(${d.weightGBs.toFixed(1)} GB/s of weights per token ÷ ${d.copyGBs.toFixed(1)} GB/s probed copy)` +
        `${emulated ? ' — CPU emulation, not a GPU figure' : ''}\n`,
    );
  }
  process.stdout.write(`\n${replay.lines.join('\n')}\n`);
  for (const n of run.notices) process.stdout.write(`note: ${n}\n`);
  for (const c of run.checks.filter((x) => !x.passed)) process.stdout.write(`check FAILED: ${c.name} (${c.detail})\n`);
  for (const e of run.pageErrors ?? []) process.stderr.write(`warning: page console error: ${e}\n`);
  for (const r of run.blockedRequests ?? [])
    process.stderr.write(`warning: blocked a request to another origin: ${r}\n`);

  await writeFile(`${o.out}.csv`, run.csv.get('results')!);
  await writeFile(`${o.out}.json`, JSON.stringify(jsonReport(o, run, tables, replay.json), null, 2) + '\n');
  process.stdout.write(`\nwrote ${o.out}.csv and ${o.out}.json\n`);
}
