// Roofline explorer: a purely modeled experiment (no GPU needed) that places a kernel of a given
// arithmetic intensity on the rooflines of the catalog GPUs. It recomputes as sliders move.
import { GPU_CATALOG, findGpuModel, peakTflops, type Precision } from '../../sim/hardware';
import { attainableGflops, boundBy, logSpace, ridgePoint, type Roof } from '../../sim/roofline';
import type { Experiment, RunResult, Table } from '../types';
import { rooflineParams, rooflinePresets } from './params';

const INTENSITIES = logSpace(0.01, 10_000, 49);

function roofOf(gpuId: string, precision: Precision): Roof {
  const g = findGpuModel(gpuId)!;
  return { peakGflops: peakTflops(g, precision) * 1000, bandwidthGBs: g.memBandwidthGBs };
}

export const roofline: Experiment = {
  id: 'roofline',
  title: 'Roofline explorer',
  topic: 'Device',
  summary:
    'Where does a kernel of a given arithmetic intensity (FLOP per byte of memory traffic) sit on ' +
    "each GPU's roofline? Datasheet peaks, modeled; move the sliders and the chart follows.",
  gpu: 'none',
  params: rooflineParams,
  presets: rooflinePresets,
  async run(p): Promise<RunResult> {
    return roofline.model!(p);
  },
  model(p): RunResult {
    const precision = p.precision as Precision;
    const gpuId = p.gpuModel as string;
    const intensity = p.intensity as number;
    const eff = p.efficiency as number;
    const scaled = (r: Roof): Roof => ({ peakGflops: r.peakGflops * eff, bandwidthGBs: r.bandwidthGBs * eff });

    const curve: Table = {
      id: 'roofline',
      title: 'Attainable throughput vs arithmetic intensity',
      columns: [
        { key: 'gpu', label: 'GPU', type: 'string', provenance: 'modeled' },
        { key: 'intensity', label: 'Arithmetic intensity', unit: 'FLOP/B', type: 'number', provenance: 'modeled' },
        { key: 'gflops', label: 'Attainable', unit: 'GFLOP/s', type: 'number', provenance: 'modeled' },
      ],
      rows: GPU_CATALOG.flatMap((g) => {
        const roof = scaled(roofOf(g.id, precision));
        return INTENSITIES.map((x) => [g.name, x, attainableGflops(roof, x)]);
      }),
    };
    const points: Table = {
      id: 'operating-point',
      title: `Kernel at ${intensity} FLOP/B on each GPU`,
      columns: [
        { key: 'gpu', label: 'GPU', type: 'string', provenance: 'paper' },
        { key: 'peak', label: 'Peak', unit: 'GFLOP/s', type: 'number', provenance: 'paper' },
        { key: 'bandwidth', label: 'Bandwidth', unit: 'GB/s', type: 'number', provenance: 'paper' },
        { key: 'ridge', label: 'Ridge point', unit: 'FLOP/B', type: 'number', provenance: 'modeled' },
        { key: 'attainable', label: 'Attainable', unit: 'GFLOP/s', type: 'number', provenance: 'modeled' },
        { key: 'bound', label: 'Bound by', type: 'string', provenance: 'modeled' },
      ],
      rows: GPU_CATALOG.map((g) => {
        const roof = scaled(roofOf(g.id, precision));
        return [
          g.name,
          roof.peakGflops / eff,
          roof.bandwidthGBs / eff,
          ridgePoint(roof),
          attainableGflops(roof, intensity),
          boundBy(roof, intensity),
        ];
      }),
      note: 'Peak and bandwidth are quoted from NVIDIA datasheets (A100 2020, A30 2021, H100 and H200 2023–24, L4 and RTX 4090 2022–23; dense, no sparsity); ridge and attainable are modeled and include the efficiency factor.',
    };
    const target = scaled(roofOf(gpuId, precision));
    const name = findGpuModel(gpuId)!.name;
    return {
      tables: [points, curve],
      metrics: [
        {
          key: 'attainable',
          label: `Attainable on ${name}`,
          value: attainableGflops(target, intensity) / 1000,
          unit: 'TFLOP/s',
          provenance: 'modeled',
          primary: true,
        },
        { key: 'ridge', label: 'Ridge point', value: ridgePoint(target), unit: 'FLOP/B', provenance: 'modeled' },
        { key: 'bound', label: 'Bound by', value: boundBy(target, intensity), provenance: 'modeled' },
      ],
      checks: [],
      charts: [
        {
          id: 'roofline',
          title: `Rooflines (${precision === 'fp32' ? 'f32' : 'fp16/bf16 tensor'}), ${name} highlighted`,
          kind: 'line',
          table: 'roofline',
          x: 'intensity',
          y: 'gflops',
          series: 'gpu',
          logX: true,
          logY: true,
          rules: [{ axis: 'x', value: intensity, label: `kernel: ${intensity} FLOP/B` }],
          // The Target GPU's roof stands out; the others stay for comparison.
          highlight: [name],
        },
        {
          id: 'attainable',
          title: `Attainable at ${intensity} FLOP/B`,
          kind: 'bar',
          table: 'operating-point',
          x: 'gpu',
          y: 'attainable',
          highlight: [name],
        },
      ],
      notices: ['Datasheet peaks (dense, no sparsity); real kernels reach a fraction — set the efficiency slider.'],
    };
  },
};
