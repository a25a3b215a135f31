// GPUs CHAI's latency model can target: the shared datasheet catalog plus the V100 the paper ran on.
// Source for the V100: NVIDIA Tesla V100 datasheet (SXM2 32 GB): 15.7 TFLOP/s f32, 125 TFLOP/s
// fp16 tensor, 900 GB/s HBM2, 300 W.
import { GPU_CATALOG, type GpuModel } from '../../sim/hardware';

export const V100: GpuModel = {
  id: 'v100-32gb',
  name: 'V100 32GB SXM2',
  fp32Tflops: 15.7,
  fp16TensorTflops: 125,
  memBandwidthGBs: 900,
  memoryGB: 32,
  tdpW: 300,
};

export const CHAI_GPUS: readonly GpuModel[] = [V100, ...GPU_CATALOG];

export function findChaiGpu(id: string): GpuModel | undefined {
  return CHAI_GPUS.find((g) => g.id === id);
}
