// The LLM decode case's headline for `npm run bench`: the decode weight-bandwidth fraction per
// weight format, (weight bytes per token / measured decode step time) ÷ the copy bandwidth probed
// in the same run, read from the downloaded results and roof tables (the case's bytes are the
// weight bytes a step reads, so the results' GB/s column is weight bytes per measured time).
type Rows = { rows: Record<string, string | number | null>[] };

export interface DecodeBandwidth {
  impl: string;
  /** Weight bytes per token / median step time. */
  weightGBs: number;
  copyGBs: number;
  /** weightGBs / copyGBs (1 = the step streams its weights as fast as the device copies). */
  fraction: number;
}

export function decodeBandwidthFractions(results: Rows | undefined, roof: Rows | undefined): DecodeBandwidth[] {
  const copy = roof?.rows.find((r) => r.probe === 'copy')?.rate;
  if (typeof copy !== 'number' || !(copy > 0)) return [];
  return (results?.rows ?? [])
    .filter((r) => r.case === 'llama' && r.status === 'ok' && typeof r.gbs === 'number')
    .map((r) => ({
      impl: String(r.impl),
      weightGBs: r.gbs as number,
      copyGBs: copy,
      fraction: (r.gbs as number) / copy,
    }));
}
