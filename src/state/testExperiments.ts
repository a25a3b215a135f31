// Throwaway experiments for state tests only (never registered in the app).
import type { Experiment } from '../experiments/types';

export const modeledFake: Experiment = {
  id: 'fake-modeled',
  title: 'Fake modeled',
  topic: 'Device',
  summary: 'test only',
  gpu: 'none',
  params: [
    {
      key: 'intensity',
      label: 'Intensity',
      kind: 'number',
      min: 0.1,
      max: 1000,
      default: 10,
      log: true,
      unit: 'FLOP/B',
    },
    { key: 'layers', label: 'Layers', kind: 'int', min: 1, max: 96, default: 12 },
    { key: 'model', label: 'Model', kind: 'enum', options: [{ value: 'a' }, { value: 'b' }], default: 'a' },
    { key: 'fused', label: 'Fused', kind: 'bool', default: false },
  ],
  presets: [
    { id: 'small', label: 'Small', values: { layers: 4 } },
    { id: 'big', label: 'Big', values: { layers: 96, model: 'b' } },
  ],
  async run(p, ctx) {
    ctx.progress(0.5, 'half way');
    return {
      tables: [
        {
          id: 't',
          title: 'T',
          columns: [{ key: 'x', label: 'X', provenance: 'modeled', type: 'number' }],
          rows: [[Number(p.intensity) * Number(p.layers) + ctx.seed]],
        },
      ],
      metrics: [{ key: 'm', label: 'M', value: Number(p.layers), provenance: 'modeled' }],
      checks: [],
      charts: [],
      notices: [],
    };
  },
};

/** A GPU experiment whose run waits until its signal aborts or `release` is called. */
export function slowGpuFake(): Experiment & { release(): void } {
  let release = (): void => {};
  return {
    id: 'fake-gpu',
    title: 'Fake GPU',
    topic: 'Device',
    summary: 'test only',
    gpu: 'required',
    params: [{ key: 'n', label: 'N', kind: 'int', min: 1, max: 10, default: 2 }],
    presets: [],
    release: () => release(),
    run: (_p, ctx) =>
      new Promise((resolve, reject) => {
        ctx.signal.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')));
        release = () =>
          resolve({
            tables: [],
            metrics: [{ key: 'g', label: 'G', value: ctx.gpu ? 1 : 0, provenance: 'measured' }],
            checks: [],
            charts: [],
            notices: [],
          });
      }),
  };
}

/** An 'optional' experiment with a live model that uses the calibration of its last run. */
export const calibratedFake: Experiment = {
  id: 'fake-calibrated',
  title: 'Fake calibrated',
  topic: 'Device',
  summary: 'test only',
  gpu: 'optional',
  params: [{ key: 'n', label: 'N', kind: 'int', min: 1, max: 10, default: 2 }],
  presets: [],
  model(p, calibration) {
    const speed = calibration?.speed ?? 1;
    return {
      tables: [],
      checks: [],
      charts: [],
      notices: [],
      metrics: [{ key: 'time', label: 'Time', value: Number(p.n) / speed, provenance: 'modeled' }],
    };
  },
  async run(p, ctx) {
    const speed = ctx.gpu ? 4 : 1;
    return { ...calibratedFake.model!(p, { speed }), calibration: ctx.gpu ? { speed } : undefined };
  },
};

/** A modeled experiment with a file parameter; its run reports the file's size. */
export const fileFake: Experiment = {
  id: 'fake-file',
  title: 'Fake file',
  topic: 'Device',
  summary: 'test only',
  gpu: 'none',
  params: [{ key: 'data', label: 'Data file', kind: 'file', accept: ['.csv'], default: '' }],
  presets: [],
  async run(_p, ctx) {
    return {
      tables: [],
      checks: [],
      charts: [],
      notices: [],
      metrics: [{ key: 'bytes', label: 'Bytes', value: ctx.files.data?.bytes.length ?? -1, provenance: 'measured' }],
    };
  },
};
