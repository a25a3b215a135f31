// What the live-model benchmark moves: for every slider of an experiment, values spread over its
// whole range (log-spaced where the slider is) plus a small nudge from where it stands, every
// other choice of a select and the other state of a switch; and bench-only starting points that
// put an experiment where its moves cost the most (e.g. Marius at thousands of partitions).
import type { NumberParam, ParamSpec, ParamValue, ParamValues } from '../src/core/params';

/** Values a user could drag `spec` to from `current`, each different from it. */
export function moveValues(spec: ParamSpec, current: ParamValue, points: number): ParamValue[] {
  if (spec.kind === 'file') return [];
  if (spec.kind === 'bool') return [!current];
  if (spec.kind === 'enum') return spec.options.map((o) => o.value).filter((v) => v !== current);
  const out = new Set<number>();
  for (let i = 0; i < points; i++) out.add(pointOf(spec, i / Math.max(1, points - 1)));
  out.add(nudge(spec, current as number));
  out.delete(current as number);
  return [...out];
}

/** The value at fraction f of the slider's travel (log travel for log sliders). */
function pointOf(spec: NumberParam, f: number): number {
  const v = spec.log && spec.min > 0 ? spec.min * (spec.max / spec.min) ** f : spec.min + f * (spec.max - spec.min);
  return clampTo(spec, v);
}

/** A short drag: one step (int) or 7 % (number) up, or down at the top of the range. */
function nudge(spec: NumberParam, v: number): number {
  const up = spec.kind === 'int' ? v + 1 : v === 0 ? (spec.max - spec.min) / 100 : v * 1.07;
  const down = spec.kind === 'int' ? v - 1 : v / 1.07;
  return clampTo(spec, up <= spec.max ? up : down);
}

function clampTo(spec: NumberParam, v: number): number {
  const x = Math.min(spec.max, Math.max(spec.min, v));
  return spec.kind === 'int' ? Math.round(x) : Number(x.toPrecision(6));
}

export interface BenchBase {
  id: string;
  values: ParamValues;
}

/**
 * Starting points beyond the presets where moves are most expensive, by experiment id. Marius:
 * BETA at 4096 partitions (exact bucket assignment, the largest p it runs) and COMET at 2048
 * logical partitions (the largest random assignment), with Freebase86m link prediction.
 */
export const extraBases: Record<string, (presets: BenchBase[]) => BenchBase[]> = {
  marius: (presets) => {
    const fb = presets.find((p) => p.id === 'freebase86m')?.values ?? {};
    return [
      { id: 'bench: BETA p=4096 c=2048', values: { ...fb, partitions: 4096, capacity: 2048 } },
      { id: 'bench: BETA p=1024 c=8', values: { ...fb, partitions: 1024, capacity: 8 } },
      {
        id: 'bench: COMET 2048 logical',
        values: { ...fb, cometPartitions: 8192, cometCapacity: 2048, cometRatio: 4 },
      },
    ];
  },
};

/** CPU milliseconds (user + system of this process) and wall milliseconds of f(). */
export function timed(f: () => void): { cpuMs: number; wallMs: number } {
  const [t0, c0] = [performance.now(), process.cpuUsage()];
  f();
  const c = process.cpuUsage(c0);
  return { cpuMs: (c.user + c.system) / 1000, wallMs: performance.now() - t0 };
}
