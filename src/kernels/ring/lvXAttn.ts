// LV-XAttn forward (Chang & Venkataraman, ICML 2025) on N simulated workers of one device.
// Worker i owns Q_i and K_i, V_i (and its slice of the key mask). K/V never move: Q blocks and
// their running (O, LSE) travel around the ring. At step t worker i holds Q_j, j = (i - t) mod N,
// computes partial attention of Q_j against its local K_i, V_i and LSE-merges it into Q_j's
// running result, then sends Q_j (double-buffered) and the merged (O, LSE) to worker i+1. After
// N steps each Q block has met every K/V block; the last hop returns (O, LSE) to the owner.
// The running LSE starts at -inf (step 0 writes the first partial directly, which is the same as
// merging into the identity (O = 0, LSE = -inf)), unlike the reference code's spurious 0 start.
import type { Gpu } from '../../gpu/gpu';
import type { AttentionShape } from '../attention';
import {
  RingWorkspace,
  rowBlock,
  type DistributedAttentionResult,
  type OLse,
  type RingOptions,
} from './ringPartitionsGpu';
import { blockOffsets } from './ringPartitions';

interface LvWorker {
  k: GPUBuffer;
  v: GPUBuffer;
  mask: GPUBuffer | null;
  /** Double-buffered receive slots: slot t % 2 is held at step t, slot 1 - t % 2 is being filled. */
  q: [GPUBuffer, GPUBuffer];
  running: [OLse, OLse];
  /** Partial attention of the held Q block against the local K/V. */
  partial: OLse;
  /** Merged result: the send staging buffer. */
  merged: OLse;
}

export async function lvXAttn(
  gpu: Gpu,
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  shape: AttentionShape,
  opts: RingOptions,
): Promise<DistributedAttentionResult> {
  const ws = await RingWorkspace.create(gpu, 'lv-xattn', q, k, v, shape, opts);
  try {
    const n = ws.devices;
    const qOff = blockOffsets(ws.qSplit);
    const kvOff = blockOffsets(ws.kvSplit);
    const maxQ = Math.max(...ws.qSplit);
    const qBytes = 4 * maxQ * ws.qRowElems;
    const workers: LvWorker[] = [];
    for (let i = 0; i < n; i++) {
      const kvRows = ws.kvSplit[i]!;
      const name = `lv-xattn.w${i}`;
      workers.push({
        k: ws.upload(rowBlock(k, kvOff[i]!, kvRows, ws.kvRowElems), `${name}.k`),
        v: ws.upload(rowBlock(v, kvOff[i]!, kvRows, ws.kvRowElems), `${name}.v`),
        mask: opts.mask ? ws.upload(rowBlock(opts.mask, kvOff[i]!, kvRows, 1), `${name}.mask`) : null,
        q: [
          ws.upload(rowBlock(q, qOff[i]!, ws.qSplit[i]!, ws.qRowElems), `${name}.q0`, qBytes),
          ws.buffer(qBytes, `${name}.q1`),
        ],
        running: [ws.oLse(maxQ, `${name}.run0`), ws.oLse(maxQ, `${name}.run1`)],
        partial: ws.oLse(maxQ, `${name}.partial`),
        merged: ws.oLse(maxQ, `${name}.merged`),
      });
    }

    for (let t = 0; t < n; t++) {
      const slot = t % 2;
      ws.beginStep();
      for (let i = 0; i < n; i++) {
        const w = workers[i]!;
        const rows = ws.qSplit[ws.held(i, t)]!;
        const kvRows = ws.kvSplit[i]!;
        if (t === 0) {
          ws.attention(i, w.q[slot], w.k, w.v, w.mask, w.merged, rows, kvRows);
        } else {
          ws.attention(i, w.q[slot], w.k, w.v, w.mask, w.partial, rows, kvRows);
          ws.mergeInto(w.running[slot], w.partial, w.merged, rows);
        }
      }
      ws.endCompute();
      if (n > 1) {
        for (let i = 0; i < n; i++) {
          const w = workers[i]!;
          const next = workers[(i + 1) % n]!;
          const rows = ws.qSplit[ws.held(i, t)]!;
          if (t < n - 1) ws.send(i, w.q[slot], next.q[1 - slot]!, 4 * rows * ws.qRowElems);
          ws.send(i, w.merged.o, next.running[1 - slot]!.o, 4 * rows * ws.qRowElems);
          ws.send(i, w.merged.lse, next.running[1 - slot]!.lse, 4 * rows * shape.heads);
        }
      }
      ws.endStep((i) => ({ qBlock: ws.held(i, t), kvBlock: i }));
    }
    // With N > 1 the last hop delivered block j to its owner j, into slot N % 2.
    return await ws.finish((j) => (n === 1 ? workers[0]!.merged : workers[j]!.running[n % 2]!));
  } finally {
    ws.destroy();
  }
}
