// Datasheet catalog of the GPUs the papers ran on (dense peaks, no sparsity). Simulations take a
// target GPU from here; "this device" comes from the device probe's measurements instead.
// Sources: NVIDIA A100 (2020), A30 (2021), H100 / H200 (2023-24), L4 and RTX 4090 (Ada) datasheets.

export interface GpuModel {
  id: string;
  name: string;
  /** Peak f32 (non-tensor) throughput, TFLOP/s. */
  fp32Tflops: number;
  /** Peak dense fp16/bf16 tensor-core throughput, TFLOP/s. */
  fp16TensorTflops: number;
  /** Peak memory bandwidth, GB/s (1e9 bytes/s). */
  memBandwidthGBs: number;
  memoryGB: number;
  /** Board power, W. */
  tdpW: number;
}

export const GPU_CATALOG: readonly GpuModel[] = [
  {
    id: 'a100-40gb',
    name: 'A100 40GB SXM',
    fp32Tflops: 19.5,
    fp16TensorTflops: 312,
    memBandwidthGBs: 1555,
    memoryGB: 40,
    tdpW: 400,
  },
  {
    id: 'a100-80gb',
    name: 'A100 80GB SXM',
    fp32Tflops: 19.5,
    fp16TensorTflops: 312,
    memBandwidthGBs: 2039,
    memoryGB: 80,
    tdpW: 400,
  },
  {
    id: 'a30',
    name: 'A30 24GB',
    fp32Tflops: 10.3,
    fp16TensorTflops: 165,
    memBandwidthGBs: 933,
    memoryGB: 24,
    tdpW: 165,
  },
  {
    id: 'h100-sxm',
    name: 'H100 80GB SXM',
    fp32Tflops: 67,
    fp16TensorTflops: 989,
    memBandwidthGBs: 3350,
    memoryGB: 80,
    tdpW: 700,
  },
  {
    id: 'h200',
    name: 'H200 141GB SXM',
    fp32Tflops: 67,
    fp16TensorTflops: 989,
    memBandwidthGBs: 4800,
    memoryGB: 141,
    tdpW: 700,
  },
  { id: 'l4', name: 'L4 24GB', fp32Tflops: 30.3, fp16TensorTflops: 121, memBandwidthGBs: 300, memoryGB: 24, tdpW: 72 },
  {
    id: 'rtx-4090',
    name: 'GeForce RTX 4090',
    fp32Tflops: 82.6,
    fp16TensorTflops: 165,
    memBandwidthGBs: 1008,
    memoryGB: 24,
    tdpW: 450,
  },
];

export function findGpuModel(id: string): GpuModel | undefined {
  return GPU_CATALOG.find((g) => g.id === id);
}

export type Precision = 'fp32' | 'fp16-tensor';

export function peakTflops(g: GpuModel, p: Precision): number {
  return p === 'fp32' ? g.fp32Tflops : g.fp16TensorTflops;
}
