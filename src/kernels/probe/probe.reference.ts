// CPU model of the FMA probe's arithmetic: each invocation runs chains of x = x·m + c; the probe
// checks the GPU's sums against this.

/** The multiplier and addend of the chains (passed to probe.fma.wgsl as uniforms). */
export const FMA_M = Math.fround(0.9999);
export const FMA_C = Math.fround(0.0001);

/** CPU model of one FMA chain (separately rounded multiply-add; tolerance covers fused vs not). */
export function fmaChainReference(start: number, iters: number): number {
  let x = Math.fround(start);
  for (let i = 0; i < iters; i++) x = Math.fround(Math.fround(x * FMA_M) + FMA_C);
  return x;
}
