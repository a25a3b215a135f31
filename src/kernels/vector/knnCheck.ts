// Checks GPU neighbour lists against a CPU reference. GPU distances are f32 and the reference is
// f64, so near-equal neighbours may legitimately come out in a different order; a result passes
// when, row by row: the reported distances match the reference's sorted distances (within
// tolerance), every reported id is distinct and its true distance (recomputed by `trueDist`)
// matches what was reported, and padding (-1, +Infinity) sits exactly where the reference has it.
// Exact ties (duplicates) give identical f32 distances on the GPU, so their lower-id rule is
// checked exactly by the kernel tests instead.
import type { Check } from '../../core';
import type { Tolerance } from '../compare';

export interface Neighbours {
  ids: ArrayLike<number>;
  dist: ArrayLike<number>;
}

export function checkNeighbours(
  name: string,
  got: Neighbours,
  want: Neighbours,
  k: number,
  trueDist: (row: number, id: number) => number,
  tol: Tolerance,
): Check {
  const rows = want.ids.length / k;
  let scale = 0;
  for (let i = 0; i < want.dist.length; i++)
    if (Number.isFinite(want.dist[i]!)) scale = Math.max(scale, Math.abs(want.dist[i]!));
  const tolerance = tol.atol + tol.rtol * scale;
  let maxAbs = 0;
  let reordered = 0;
  const problems: string[] = [];
  const fail = (msg: string) => {
    if (problems.length < 3) problems.push(msg);
  };
  if (got.ids.length !== want.ids.length || got.dist.length !== want.dist.length) {
    return {
      name,
      maxAbsError: Infinity,
      maxRelError: Infinity,
      tolerance,
      passed: false,
      detail: `shape differs: ${got.ids.length} ids vs ${want.ids.length}`,
    };
  }
  for (let r = 0; r < rows; r++) {
    const seen = new Set<number>();
    for (let j = 0; j < k; j++) {
      const i = r * k + j;
      const gi = got.ids[i]!,
        wi = want.ids[i]!;
      const gd = got.dist[i]!,
        wd = want.dist[i]!;
      if (wi === -1 || gi === -1) {
        if (gi !== wi || gd !== Infinity) fail(`row ${r} slot ${j}: padding mismatch (got id ${gi}, want ${wi})`);
        continue;
      }
      const err = Math.abs(gd - wd);
      maxAbs = Math.max(maxAbs, err);
      if (!(err <= tolerance)) fail(`row ${r} slot ${j}: distance ${gd} vs reference ${wd}`);
      if (seen.has(gi)) fail(`row ${r}: id ${gi} returned twice`);
      seen.add(gi);
      if (gi !== wi) {
        reordered++;
        const td = trueDist(r, gi);
        if (!(Math.abs(td - gd) <= tolerance)) fail(`row ${r} slot ${j}: id ${gi} reported at ${gd} but is at ${td}`);
      }
    }
  }
  const passed = problems.length === 0;
  const detail = passed
    ? `${rows} rows × k=${k}${reordered ? `; ${reordered} ids differ from the reference only among near-equal distances` : '; ids identical'}`
    : problems.join('; ');
  return { name, maxAbsError: maxAbs, maxRelError: scale > 0 ? maxAbs / scale : maxAbs, tolerance, passed, detail };
}
