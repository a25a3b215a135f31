// `npm run bench -- --host node`: the Benchmarks experiment in this Node process on dawn.node,
// with the peers (TensorFlow.js WebGPU, ONNX Runtime Web) on the same dawn.node device (see
// src/experiments/benchmarks/harness/peerHost.ts). It hands back what the Chromium run collects
// from the page (each table as the app's CSV, metrics, checks, notices), so bench.ts prints and
// saves both the same way.
import { buildCsv } from '../src/experiments/csv';
import { createNodeGpu } from '../src/gpu/node';
import { assertValidParams } from '../src/core/params';
import { DEFAULT_SEED, runExperiment } from '../src/experiments/runner';
import { benchmarks } from '../src/experiments/benchmarks';
import { describeDevice } from './device';
import { progressPrinter } from './format';
import { experimentParams, nodeAdapter, type BenchOptions } from './benchOptions';
import { giveUpAfter } from './benchTimeout';
import type { CollectedRun } from './benchBrowser';

export async function runInNode(o: BenchOptions, log: (line: string) => void): Promise<CollectedRun> {
  const gpu = await createNodeGpu({ adapter: nodeAdapter(o.adapter) });
  try {
    log(`device: ${describeDevice(gpu)}`);
    const params = assertValidParams(benchmarks.params, experimentParams(o));
    const controller = new AbortController();
    const print = progressPrinter(log);
    let lastProgress = '';
    const result = await giveUpAfter(
      runExperiment(benchmarks, params, {
        gpu,
        seed: DEFAULT_SEED,
        signal: controller.signal,
        onProgress: (fraction, message) => {
          if (message) lastProgress = message;
          print(fraction, message);
        },
      }),
      o.timeoutMs,
      controller,
      () => lastProgress,
    );
    const meta = {
      experiment: benchmarks.id,
      params,
      seed: DEFAULT_SEED,
      device: describeDevice(gpu),
      appVersion: __APP_VERSION__,
    };
    return {
      url: `node:dawn.node (${describeDevice(gpu)})`,
      csv: new Map(result.tables.map((t) => [t.id, buildCsv(t, meta)])),
      metrics: result.metrics.map((m) => ({
        key: m.key,
        label: m.label,
        value: String(m.value),
        unit: m.unit ?? '',
      })),
      checks: result.checks.map((c) => ({ passed: c.passed, name: c.name, detail: c.detail ?? '' })),
      notices: result.notices,
      // No page here, and nothing watches what the peers request: not monitored, not "none seen".
      pageErrors: null,
      blockedRequests: null,
    };
  } finally {
    // After a timeout this tears the device down under the hung call; bench.ts then exits.
    gpu.destroy();
  }
}
