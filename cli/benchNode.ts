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
import { experimentParams, type Adapter, type BenchOptions } from './benchOptions';
import type { CollectedRun } from './benchBrowser';

/** dawn.node's `adapter=` text for each --adapter choice (undefined: Dawn's own choice). */
export function nodeAdapter(adapter: Adapter): string | undefined {
  return adapter === 'swiftshader' ? 'SwiftShader' : undefined;
}

export async function runInNode(o: BenchOptions, log: (line: string) => void): Promise<CollectedRun> {
  const gpu = await createNodeGpu({ adapter: nodeAdapter(o.adapter) });
  try {
    const params = assertValidParams(benchmarks.params, experimentParams(o));
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new DOMException(`gave up after ${o.timeoutMs / 1000} s (--timeout)`, 'AbortError')),
      o.timeoutMs,
    );
    try {
      const result = await runExperiment(benchmarks, params, {
        gpu,
        seed: DEFAULT_SEED,
        signal: controller.signal,
        onProgress: progressPrinter(log),
      });
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
        pageErrors: [],
        blockedRequests: [],
      };
    } finally {
      clearTimeout(timer);
    }
  } finally {
    gpu.destroy();
  }
}
