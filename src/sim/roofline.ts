// The roofline model: attainable throughput = min(peak compute, intensity × bandwidth).

export interface Roof {
  /** Peak compute, GFLOP/s. */
  peakGflops: number;
  /** Memory bandwidth, GB/s. */
  bandwidthGBs: number;
}

export function attainableGflops(roof: Roof, intensityFlopPerByte: number): number {
  return Math.min(roof.peakGflops, intensityFlopPerByte * roof.bandwidthGBs);
}

/** Intensity (FLOP/byte) where the memory slope meets the compute ceiling. */
export function ridgePoint(roof: Roof): number {
  return roof.peakGflops / roof.bandwidthGBs;
}

export function boundBy(roof: Roof, intensity: number): 'memory' | 'compute' {
  return intensity < ridgePoint(roof) ? 'memory' : 'compute';
}

/** `count` log-spaced values from lo to hi inclusive. */
export function logSpace(lo: number, hi: number, count: number): number[] {
  const a = Math.log10(lo);
  const b = Math.log10(hi);
  return Array.from({ length: count }, (_, i) => 10 ** (a + ((b - a) * i) / Math.max(1, count - 1)));
}
