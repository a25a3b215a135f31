// A GPU-resident embedding cache with its slot management on the GPU (Bagpipe's trainer-side
// BagCache): the slot table (row → slot, slot → (row, ttl)) lives in GPU buffers beside the cached
// rows, and the host only sends the Oracle Cacher's messages (ttl updates, prefetched rows with
// their ttl and values) and receives the evicted rows to write back.
//   updateTtl   slotCache.ttl.wgsl: the slot of each kept row gets its new ttl.
//   evict       expiry mask (slotCache.mask.wgsl: ttl < step) → exclusive scan → stream compaction
//               of the expired slots into a write-back buffer, freeing them (slotCache.evict.wgsl).
//   insert      claim (slotCache.claim.wgsl: rows still cached keep their slot) → scan of the
//               need mask; free mask → scan → compacted free list (slotCache.freeList.wgsl); the
//               r-th row needing a slot takes the r-th free slot (slotCache.assign.wgsl). Free
//               slots are taken lowest first, so placement is deterministic.
//   lookup      slotCache.lookup.wgsl: rows → slots for a batch (used by DlrmModel's slot map).
// Each operation is one submit. Evict reads the expired count and then, in one readback, the
// write-back records (row, values, states); insert reads its two totals in one readback (to report
// a full cache, which the GPU leaves unchanged). Reference: slotCache.reference.ts.
import maskShader from '../../shaders/recsys/slotCache.mask.wgsl?raw';
import ttlShader from '../../shaders/recsys/slotCache.ttl.wgsl?raw';
import evictShader from '../../shaders/recsys/slotCache.evict.wgsl?raw';
import claimShader from '../../shaders/recsys/slotCache.claim.wgsl?raw';
import freeListShader from '../../shaders/recsys/slotCache.freeList.wgsl?raw';
import assignShader from '../../shaders/recsys/slotCache.assign.wgsl?raw';
import lookupShader from '../../shaders/recsys/slotCache.lookup.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import { UserInputError } from '../../core';
import { deviceGrid } from '../../gpu/dispatch';
import { packUniform, u32s } from '../../gpu/uniforms';
import { BufferSet } from '../../gpu/resources';
import type { KernelPlan, OwnsGpuBuffers } from '../../gpu/plan';
import { planExclusiveScan } from './exclusiveScan';

export interface SlotCacheShape {
  /** Logical rows (ids the cache may hold): sizes the row → slot table. */
  rows: number;
  slots: number;
  dim: number;
  /** Most rows one insert may bring. */
  maxIncoming: number;
  /** Most rows one ttl update may name. */
  maxUpdates: number;
}

/** Rows written back by an eviction, in ascending slot order, with their values [n, dim] (and states). */
export interface Evicted {
  rows: Int32Array;
  values: Float32Array;
  acc: Float32Array | null;
}

/** The slot table as the host sees it after readState (for tests and checks). */
export interface SlotState {
  slotOf: Int32Array;
  slotRow: Int32Array;
  slotTtl: Int32Array;
}

type BufferName =
  | 'updates'
  | 'incoming'
  | 'inVals'
  | 'mask'
  | 'expScan'
  | 'wb'
  | 'need'
  | 'needScan'
  | 'free'
  | 'freeScan'
  | 'freeList'
  | 'ttlParams'
  | 'maskParams'
  | 'claimParams';

type Step = { pipeline: GPUComputePipeline; group: GPUBindGroup; wg: [number, number] };

const enc = (pass: GPUComputePassEncoder, s: Step) => Gpu.encodeDispatch(pass, s.pipeline, s.group, s.wg);
const int = (n: number) => Number.isInteger(n);

export interface SlotLookupPlan extends KernelPlan {
  /** How many ids the next encode translates (≤ the plan's maxCount). */
  setCount(count: number): void;
}

/**
 * out[i] = slotOf[ids[i]] for i < count (caller's buffers); misses (rows not cached, ids past the
 * table) are counted in status[0].
 */
export async function planSlotLookup(
  gpu: Gpu,
  bufs: { slotOf: GPUBuffer; ids: GPUBuffer; out: GPUBuffer; status: GPUBuffer },
  maxCount: number,
): Promise<SlotLookupPlan> {
  if (!int(maxCount) || maxCount < 1) throw new UserInputError(`slotLookup: maxCount ${maxCount} must be positive`);
  for (const [k, bytes] of [
    ['slotOf', 4],
    ['ids', maxCount * 4],
    ['out', maxCount * 4],
    ['status', 4],
  ] as const)
    if (bufs[k].size < bytes)
      throw new UserInputError(`slotLookup: buffer ${k} has ${bufs[k].size} bytes, needs at least ${bytes}`);
  const pipeline = await gpu.pipeline({ name: 'recsys/slotCache.lookup', code: lookupShader });
  const wg = deviceGrid(gpu, Math.ceil(maxCount / 64), `slotLookup (${maxCount})`);
  const owned = new BufferSet();
  const params = owned.add(gpu.uniform(u32s(0, 0, 0, 0), 'slotLookup.params'));
  const group = owned.guard(() =>
    gpu.bindGroup(pipeline, [bufs.slotOf, bufs.ids, bufs.out, bufs.status, params], 'slotLookup'),
  );
  return {
    setCount(count) {
      if (!int(count) || count < 0 || count > maxCount)
        throw new UserInputError(`slotLookup: ${count} ids, expected 0..${maxCount}`);
      gpu.device.queue.writeBuffer(params, 0, u32s(count, 0, 0, 0));
    },
    encode: (pass) => Gpu.encodeDispatch(pass, pipeline, group, wg),
    destroy: () => owned.destroy(),
  };
}

export class SlotCache implements OwnsGpuBuffers {
  /** Row → slot (i32, −1 when not cached), [rows]. */
  readonly slotOf: GPUBuffer;
  /** status[0]: rows a ttl update or a lookup needed that were not cached (should stay 0). */
  readonly status: GPUBuffer;
  private readonly slotState: GPUBuffer;
  private readonly owned = new BufferSet();
  private readonly plans: KernelPlan[] = [];
  private readonly q: GPUQueue;
  private readonly b: Record<BufferName, GPUBuffer>;
  private steps!: { ttl: Step; expire: Step; evict: Step; claim: Step; freeMask: Step; freeList: Step; assign: Step };
  private scans!: { exp: KernelPlan; need: KernelPlan; free: KernelPlan };
  /** Words per write-back record: row, values, states (when they travel with the row). */
  private readonly wbStride: number;

  private constructor(
    private readonly gpu: Gpu,
    readonly shape: SlotCacheShape,
    private readonly rowBufs: { cache: GPUBuffer; acc: GPUBuffer; withAcc: boolean },
  ) {
    const { rows, slots, dim, maxIncoming, maxUpdates } = shape;
    const o = this.owned;
    this.q = gpu.device.queue;
    this.wbStride = 1 + dim * (rowBufs.withAcc ? 2 : 1);
    try {
      const buf = (bytes: number, label: string) => o.add(gpu.createBuffer(bytes, `slotCache.${label}`));
      this.slotOf = buf(rows * 4, 'slotOf');
      this.slotState = buf(slots * 8, 'slotState');
      this.status = buf(16, 'status');
      this.b = {
        updates: buf(maxUpdates * 8, 'updates'),
        incoming: buf(maxIncoming * 8, 'incoming'),
        inVals: buf(2 * maxIncoming * dim * 4, 'inVals'),
        mask: buf(slots * 4, 'expiryMask'),
        expScan: buf((slots + 1) * 4, 'expiryScan'),
        wb: buf(slots * this.wbStride * 4, 'writeBack'),
        need: buf(maxIncoming * 4, 'need'),
        needScan: buf((maxIncoming + 1) * 4, 'needScan'),
        free: buf(slots * 4, 'freeMask'),
        freeScan: buf((slots + 1) * 4, 'freeScan'),
        freeList: buf((slots + 2) * 4, 'freeList'),
        ttlParams: o.add(gpu.uniform(u32s(0, 0, 0, 0), 'slotCache.ttlParams')),
        maskParams: o.add(gpu.uniform(u32s(slots, 0, 0, 0), 'slotCache.maskParams')),
        claimParams: o.add(gpu.uniform(u32s(0, maxIncoming, 0, 0), 'slotCache.claimParams')),
      };
    } catch (e) {
      o.destroy();
      throw e;
    }
    this.q.writeBuffer(this.slotOf, 0, new Int32Array(rows).fill(-1));
    this.q.writeBuffer(this.slotState, 0, new Int32Array(2 * slots).fill(-1));
  }

  /**
   * `cache` and `acc` [slots, dim] f32 are the caller's row buffers (the model trains on them);
   * `withAcc`: the Adagrad state travels with each row (copied in on insert, out on evict).
   */
  static async create(
    gpu: Gpu,
    shape: SlotCacheShape,
    rowBufs: { cache: GPUBuffer; acc: GPUBuffer; withAcc: boolean },
  ): Promise<SlotCache> {
    const { rows, slots, dim, maxIncoming, maxUpdates } = shape;
    if (![rows, slots, dim, maxIncoming, maxUpdates].every((n) => int(n) && n >= 1))
      throw new UserInputError(
        `slotCache: rows=${rows}, slots=${slots}, dim=${dim}, maxIncoming=${maxIncoming}, maxUpdates=${maxUpdates} must be positive integers`,
      );
    for (const [k, b] of [
      ['cache', rowBufs.cache],
      ['acc', rowBufs.acc],
    ] as const)
      if (b.size < slots * dim * 4)
        throw new UserInputError(`slotCache: buffer ${k} has ${b.size} bytes, needs ${slots * dim * 4}`);
    const c = new SlotCache(gpu, shape, rowBufs);
    try {
      await c.build();
    } catch (e) {
      c.destroy();
      throw e;
    }
    return c;
  }

  private async build(): Promise<void> {
    const { gpu, b, shape, rowBufs } = this;
    const { slots, dim, maxIncoming, maxUpdates } = shape;
    const stride = this.wbStride;
    const p = (name: string, code: string, constants?: Record<string, number>) =>
      gpu.pipeline({ name: `recsys/slotCache.${name}`, code, constants });
    const [ttl, expire, freeMask, evict, claim, freeList, assign] = await Promise.all([
      p('ttl', ttlShader),
      p('mask', maskShader, { FREE: 0 }),
      p('mask', maskShader, { FREE: 1 }),
      p('evict', evictShader),
      p('claim', claimShader),
      p('freeList', freeListShader),
      p('assign', assignShader),
    ]);
    const grid = (n: number, what: string) => deviceGrid(gpu, Math.ceil(n / 64), `slotCache ${what} (${n})`);
    const uni = (words: ArrayBuffer, label: string) => this.owned.add(gpu.uniform(words, `slotCache.${label}`));
    const withAcc = rowBufs.withAcc ? 1 : 0;
    const s = this.slotState;
    const group = (pl: GPUComputePipeline, res: GPUBuffer[]) => gpu.bindGroup(pl, res);
    this.steps = {
      ttl: {
        pipeline: ttl,
        group: group(ttl, [b.updates, this.slotOf, s, this.status, b.ttlParams]),
        wg: grid(maxUpdates, 'ttl'),
      },
      expire: { pipeline: expire, group: group(expire, [s, b.mask, b.maskParams]), wg: grid(slots, 'expiry mask') },
      evict: {
        pipeline: evict,
        group: group(evict, [
          b.mask,
          b.expScan,
          rowBufs.cache,
          rowBufs.acc,
          b.wb,
          s,
          this.slotOf,
          uni(u32s(slots, dim, withAcc, stride), 'evictParams'),
        ]),
        wg: grid(slots * dim, 'evict'),
      },
      claim: {
        pipeline: claim,
        group: group(claim, [b.incoming, this.slotOf, b.need, b.claimParams]),
        wg: grid(maxIncoming, 'claim'),
      },
      freeMask: {
        pipeline: freeMask,
        group: group(freeMask, [s, b.free, uni(u32s(slots, 0, 0, 0), 'freeMaskParams')]),
        wg: grid(slots, 'free mask'),
      },
      freeList: {
        pipeline: freeList,
        group: group(freeList, [
          b.free,
          b.freeScan,
          b.freeList,
          b.needScan,
          uni(u32s(slots, maxIncoming, 0, 0), 'freeListParams'),
        ]),
        wg: grid(slots, 'free list'),
      },
      assign: {
        pipeline: assign,
        group: group(assign, [
          b.needScan,
          b.freeList,
          b.incoming,
          b.inVals,
          rowBufs.cache,
          rowBufs.acc,
          s,
          this.slotOf,
          uni(u32s(maxIncoming, dim, slots, withAcc), 'assignParams'),
          b.claimParams,
        ]),
        wg: grid(maxIncoming * dim, 'assign'),
      },
    };
    const scan = async (input: GPUBuffer, output: GPUBuffer, n: number) => {
      const plan = await planExclusiveScan(gpu, { input, output }, n);
      this.plans.push(plan);
      return plan;
    };
    this.scans = {
      exp: await scan(b.mask, b.expScan, slots),
      need: await scan(b.need, b.needScan, maxIncoming),
      free: await scan(b.free, b.freeScan, slots),
    };
  }

  /** The Oracle Cacher's keep messages: each (distinct, cached) row's slot gets its new ttl. */
  async updateTtl(rows: ArrayLike<number>, ttls: ArrayLike<number>): Promise<void> {
    const n = rows.length;
    if (n === 0) return;
    if (ttls.length !== n || n > this.shape.maxUpdates)
      throw new UserInputError(
        `slotCache: ${n} ttl updates with ${ttls.length} ttls (at most ${this.shape.maxUpdates})`,
      );
    this.q.writeBuffer(this.b.updates, 0, this.pairs(rows, ttls, 'ttl update'));
    this.q.writeBuffer(this.b.ttlParams, 0, u32s(n, 0, 0, 0));
    await this.gpu.run((pass) => enc(pass, this.steps.ttl));
  }

  /** Frees every slot whose ttl < step and returns its row and values (ascending slot order). */
  async evict(step: number): Promise<Evicted> {
    const { slots, dim } = this.shape;
    if (!int(step)) throw new UserInputError(`slotCache: eviction step ${step} must be an integer`);
    // ttls are i32: a step past either end evicts everything / nothing, as the exact comparison would.
    const i32Step = Math.max(-(2 ** 31), Math.min(step, 2 ** 31 - 1));
    this.q.writeBuffer(this.b.maskParams, 0, packUniform([slots, i32Step, 0, 0]));
    await this.gpu.run((pass) => {
      enc(pass, this.steps.expire);
      this.scans.exp.encode(pass);
      enc(pass, this.steps.evict);
    });
    const n = new Uint32Array(await this.gpu.read(this.b.expScan, 4, slots * 4))[0]!;
    if (n === 0) return { rows: new Int32Array(0), values: new Float32Array(0), acc: null };
    const stride = this.wbStride;
    const raw = await this.gpu.read(this.b.wb, n * stride * 4);
    const words = new Int32Array(raw);
    const floats = new Float32Array(raw);
    const rows = new Int32Array(n);
    const values = new Float32Array(n * dim);
    const acc = this.rowBufs.withAcc ? new Float32Array(n * dim) : null;
    for (let p = 0; p < n; p++) {
      rows[p] = words[p * stride]!;
      values.set(floats.subarray(p * stride + 1, p * stride + 1 + dim), p * dim);
      acc?.set(floats.subarray(p * stride + 1 + dim, p * stride + 1 + 2 * dim), p * dim);
    }
    return { rows, values, acc };
  }

  /**
   * Prefetched rows (distinct) with their ttl and values [n, dim] (and states): rows still cached
   * keep their slot and cached copy (ttl raised); the others take the lowest free slots in order.
   * `acc` is required when the cache keeps optimizer states. Throws, leaving the cache unchanged,
   * if the free slots run out. Returns how many were placed and how many were already cached.
   */
  async insert(
    rows: ArrayLike<number>,
    ttls: ArrayLike<number>,
    values: Float32Array,
    acc: Float32Array | null,
  ): Promise<{ placed: number; alreadyCached: number }> {
    const { slots, dim, maxIncoming, rows: R } = this.shape;
    const n = rows.length;
    if (n === 0) return { placed: 0, alreadyCached: 0 };
    if (ttls.length !== n || n > maxIncoming || values.length !== n * dim || (acc && acc.length !== n * dim))
      throw new UserInputError(
        `slotCache: insert of ${n} rows (at most ${maxIncoming}) needs ${n} ttls and ${n * dim} values`,
      );
    // The states travel with the rows: an insert without them would leave whatever an earlier
    // insert uploaded in the new slots.
    if (this.rowBufs.withAcc && !acc)
      throw new UserInputError(`slotCache: this cache keeps optimizer states; the insert of ${n} rows needs them`);
    const seen = new Uint8Array(R);
    for (let k = 0; k < n; k++) {
      const x = rows[k]!;
      if (seen[x]) throw new UserInputError(`slotCache: row ${x} appears twice in one insert`);
      seen[x] = 1;
    }
    this.q.writeBuffer(this.b.incoming, 0, this.pairs(rows, ttls, 'insert'));
    this.q.writeBuffer(this.b.inVals, 0, values);
    if (acc) this.q.writeBuffer(this.b.inVals, maxIncoming * dim * 4, acc);
    this.q.writeBuffer(this.b.claimParams, 0, u32s(n, maxIncoming, 0, 0));
    await this.gpu.run((pass) => {
      enc(pass, this.steps.claim);
      this.scans.need.encode(pass);
      enc(pass, this.steps.freeMask);
      this.scans.free.encode(pass);
      enc(pass, this.steps.freeList);
      enc(pass, this.steps.assign);
    });
    const [needed, free] = new Uint32Array(await this.gpu.read(this.b.freeList, 8, slots * 4)) as unknown as [
      number,
      number,
    ];
    // The GPU changed nothing in this case (slotCache.assign.wgsl).
    if (needed > free)
      throw new UserInputError(`slotCache: ${needed} rows need a slot but only ${free} of ${slots} slots are free`);
    return { placed: needed, alreadyCached: n - needed };
  }

  /** Rows the cache was asked about (ttl updates, lookups) that it did not hold; 0 when the schedule is right. */
  async missing(): Promise<number> {
    return new Uint32Array(await this.gpu.read(this.status, 4))[0]!;
  }

  /** The slot table (a readback: tests and end-of-run checks). */
  async readState(): Promise<SlotState> {
    const slotOf = await this.gpu.readI32(this.slotOf, this.shape.rows);
    const st = await this.gpu.readI32(this.slotState, 2 * this.shape.slots);
    const slotRow = new Int32Array(this.shape.slots);
    const slotTtl = new Int32Array(this.shape.slots);
    for (let s = 0; s < slotRow.length; s++) {
      slotRow[s] = st[2 * s]!;
      slotTtl[s] = st[2 * s + 1]!;
    }
    return { slotOf, slotRow, slotTtl };
  }

  /** Sets the slot table (tests start from arbitrary states); rows must match slots both ways. */
  writeState(state: SlotState): void {
    const st = new Int32Array(2 * this.shape.slots);
    for (let s = 0; s < this.shape.slots; s++) {
      st[2 * s] = state.slotRow[s]!;
      st[2 * s + 1] = state.slotTtl[s]!;
    }
    this.q.writeBuffer(this.slotOf, 0, state.slotOf);
    this.q.writeBuffer(this.slotState, 0, st);
  }

  private pairs(rows: ArrayLike<number>, ttls: ArrayLike<number>, what: string): Int32Array {
    const R = this.shape.rows;
    const out = new Int32Array(2 * rows.length);
    for (let k = 0; k < rows.length; k++) {
      const x = rows[k]!;
      const t = ttls[k]!;
      if (!int(x) || x < 0 || x >= R) throw new UserInputError(`slotCache: ${what} row ${x} is outside [0, ${R})`);
      if (!int(t) || Math.abs(t) >= 2 ** 31) throw new UserInputError(`slotCache: ${what} ttl ${t} is not an i32`);
      out[2 * k] = x;
      out[2 * k + 1] = t;
    }
    return out;
  }

  destroy(): void {
    for (const p of this.plans) p.destroy();
    this.owned.destroy();
  }
}
