// Independent CPU model of the GPU slot cache, written from the definitions one slot and one row at
// a time (no masks, no scans): what each operation must leave in the slot table and return.
//   ttl update  the slot of each named row gets the new ttl (a row not cached counts as missing);
//   evict       every slot holding a row with ttl < step, in ascending slot order, is written back
//               and freed;
//   insert      a row still cached keeps its slot, ttl = max(old, new); every other row, in message
//               order, takes the lowest free slot and its uploaded values.
import type { SlotState } from './slotCache';

export interface SlotCacheModel extends SlotState {
  dim: number;
  /** [slots, dim] values and Adagrad states. */
  cache: Float32Array;
  acc: Float32Array;
}

export function newSlotCacheModel(rows: number, slots: number, dim: number): SlotCacheModel {
  return {
    dim,
    slotOf: new Int32Array(rows).fill(-1),
    slotRow: new Int32Array(slots).fill(-1),
    slotTtl: new Int32Array(slots).fill(-1),
    cache: new Float32Array(slots * dim),
    acc: new Float32Array(slots * dim),
  };
}

/** Returns the number of rows that were not cached. */
export function ttlUpdateReference(m: SlotCacheModel, rows: ArrayLike<number>, ttls: ArrayLike<number>): number {
  let missing = 0;
  for (let k = 0; k < rows.length; k++) {
    const s = m.slotOf[rows[k]!]!;
    if (s < 0) missing++;
    else m.slotTtl[s] = ttls[k]!;
  }
  return missing;
}

export function evictReference(m: SlotCacheModel, step: number): { rows: number[]; values: number[]; acc: number[] } {
  const out = { rows: [] as number[], values: [] as number[], acc: [] as number[] };
  const d = m.dim;
  for (let s = 0; s < m.slotRow.length; s++) {
    const x = m.slotRow[s]!;
    if (x < 0 || m.slotTtl[s]! >= step) continue;
    out.rows.push(x);
    for (let c = 0; c < d; c++) {
      out.values.push(m.cache[s * d + c]!);
      out.acc.push(m.acc[s * d + c]!);
    }
    m.slotOf[x] = -1;
    m.slotRow[s] = -1;
    m.slotTtl[s] = -1;
  }
  return out;
}

/** Returns how many rows took a slot; throws if none is free for one of them. */
export function insertReference(
  m: SlotCacheModel,
  rows: ArrayLike<number>,
  ttls: ArrayLike<number>,
  values: ArrayLike<number>,
  acc: ArrayLike<number> | null,
): number {
  const d = m.dim;
  let placed = 0;
  for (let k = 0; k < rows.length; k++) {
    const x = rows[k]!;
    const old = m.slotOf[x]!;
    if (old >= 0) {
      m.slotTtl[old] = Math.max(m.slotTtl[old]!, ttls[k]!);
      continue;
    }
    let s = 0;
    while (s < m.slotRow.length && m.slotRow[s]! >= 0) s++;
    if (s === m.slotRow.length) throw new Error(`no free slot for row ${x}`);
    m.slotRow[s] = x;
    m.slotTtl[s] = ttls[k]!;
    m.slotOf[x] = s;
    for (let c = 0; c < d; c++) {
      m.cache[s * d + c] = values[k * d + c]!;
      if (acc) m.acc[s * d + c] = acc[k * d + c]!;
    }
    placed++;
  }
  return placed;
}
