// Ring Attention forward (the LV-XAttn paper's baseline) on N simulated workers of one device.
// Worker i keeps Q_i and its running (O, LSE); K/V blocks (h_kv heads, before any GQA expansion)
// and their key-mask slice rotate: at step t worker i holds K/V block (i - t) mod N, computes
// partial attention of Q_i against it, LSE-merges into its running result, and sends the K/V
// block on to worker i+1 (double-buffered receive slots). No send after the last step.
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

interface RingWorker {
  q: GPUBuffer;
  /** Double-buffered K/V receive slots: slot t % 2 is held at step t, 1 - t % 2 is being filled. */
  k: [GPUBuffer, GPUBuffer];
  v: [GPUBuffer, GPUBuffer];
  mask: [GPUBuffer, GPUBuffer] | null;
  /** Running result, ping-ponged because the merge cannot write the buffer it reads. */
  running: [OLse, OLse];
  partial: OLse;
}

export async function ringAttention(
  gpu: Gpu,
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  shape: AttentionShape,
  opts: RingOptions,
): Promise<DistributedAttentionResult> {
  const ws = await RingWorkspace.create(gpu, 'ring-attention', q, k, v, shape, opts);
  try {
    const n = ws.devices;
    const qOff = blockOffsets(ws.qSplit);
    const kvOff = blockOffsets(ws.kvSplit);
    const maxKV = Math.max(...ws.kvSplit);
    const kvBytes = 4 * maxKV * ws.kvRowElems;
    const workers: RingWorker[] = [];
    for (let i = 0; i < n; i++) {
      const qRows = ws.qSplit[i]!;
      const kvRows = ws.kvSplit[i]!;
      const name = `ring.w${i}`;
      workers.push({
        q: ws.upload(rowBlock(q, qOff[i]!, qRows, ws.qRowElems), `${name}.q`),
        k: [
          ws.upload(rowBlock(k, kvOff[i]!, kvRows, ws.kvRowElems), `${name}.k0`, kvBytes),
          ws.buffer(kvBytes, `${name}.k1`),
        ],
        v: [
          ws.upload(rowBlock(v, kvOff[i]!, kvRows, ws.kvRowElems), `${name}.v0`, kvBytes),
          ws.buffer(kvBytes, `${name}.v1`),
        ],
        mask: opts.mask
          ? [
              ws.upload(rowBlock(opts.mask, kvOff[i]!, kvRows, 1), `${name}.mask0`, 4 * maxKV),
              ws.buffer(4 * maxKV, `${name}.mask1`),
            ]
          : null,
        running: [ws.oLse(qRows, `${name}.run0`), ws.oLse(qRows, `${name}.run1`)],
        partial: ws.oLse(qRows, `${name}.partial`),
      });
    }

    for (let t = 0; t < n; t++) {
      const slot = t % 2;
      ws.beginStep();
      for (let i = 0; i < n; i++) {
        const w = workers[i]!;
        const rows = ws.qSplit[i]!;
        const kvRows = ws.kvSplit[ws.held(i, t)]!;
        const mask = w.mask ? w.mask[slot] : null;
        if (t === 0) {
          ws.attention(i, w.q, w.k[slot], w.v[slot], mask, w.running[0], rows, kvRows);
        } else {
          ws.attention(i, w.q, w.k[slot], w.v[slot], mask, w.partial, rows, kvRows);
          ws.mergeInto(w.running[(t - 1) % 2]!, w.partial, w.running[slot]!, rows);
        }
      }
      ws.endCompute();
      if (t < n - 1) {
        for (let i = 0; i < n; i++) {
          const w = workers[i]!;
          const next = workers[(i + 1) % n]!;
          const kvRows = ws.kvSplit[ws.held(i, t)]!;
          ws.send(i, w.k[slot], next.k[1 - slot]!, 4 * kvRows * ws.kvRowElems);
          ws.send(i, w.v[slot], next.v[1 - slot]!, 4 * kvRows * ws.kvRowElems);
          if (w.mask && next.mask) ws.send(i, w.mask[slot], next.mask[1 - slot]!, 4 * kvRows);
        }
      }
      ws.endStep((i) => ({ qBlock: i, kvBlock: ws.held(i, t) }));
    }
    return await ws.finish((j) => workers[j]!.running[(n - 1) % 2]!);
  } finally {
    ws.destroy();
  }
}
