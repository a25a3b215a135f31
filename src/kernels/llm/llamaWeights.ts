// A Llama model's weights resident on the GPU, one storage buffer per Hugging Face tensor
// (PyTorch [out, in] layouts kept, so `y = x · Wᵀ` reads rows of W contiguously). Uploaded once;
// the forward, decode and training plans bind these buffers and never copy them.
// Format 'f32' (default) stores every tensor as f32. Format 'f16' stores every matrix (the
// embedding, the projections, the LM head) as packed f16 pairs (halfWeights.ts) — half the bytes a
// decode step streams — and the 1-D norm weights as f32; only inference reads it (the kernels
// unpack in f32), so the f32 accessors `get`, `layer` and `lmHead` refuse packed tensors and
// training on such weights fails with a clear message.
import type { Gpu } from '../../gpu/gpu';
import { UserInputError } from '../../core';
import { llamaTensorNames, type LlamaConfig } from '../../data/llamaConfig';
import { F16_UNIT_ROUNDOFF, packedBytes, packF16Rows, unpackF16Rows, type WeightFormat } from './halfWeights';

export interface LlamaWeightsUploadOptions {
  /** 'f32' (default) or 'f16': matrices as packed f16 pairs, rounded to nearest even. */
  format?: WeightFormat;
}

export class LlamaGpuWeights {
  private constructor(
    readonly config: LlamaConfig,
    private readonly buffers: Map<string, GPUBuffer>,
    /** How the matrices are stored (norm weights are f32 either way). */
    readonly format: WeightFormat,
    /** What storing the weights changed, in words (e.g. how many values f16 rounded). */
    readonly notes: string[],
    private readonly packed: ReadonlySet<string>,
  ) {}

  /**
   * Uploads every tensor the config expects, checked by name and element count first (so a
   * mismatched checkpoint is refused before anything is allocated). Extra tensors are refused too:
   * they mean the checkpoint is not the model the config describes.
   */
  static upload(
    gpu: Gpu,
    config: LlamaConfig,
    tensors: Record<string, Float32Array>,
    opts: LlamaWeightsUploadOptions = {},
  ): LlamaGpuWeights {
    const format = opts.format ?? 'f32';
    if (format !== 'f32' && format !== 'f16')
      throw new UserInputError(`weights: format must be 'f32' or 'f16', got '${String(format)}'`);
    const specs = llamaTensorNames(config);
    const expected = new Set(specs.map((s) => s.name));
    const missing = specs.filter((s) => !tensors[s.name]).map((s) => s.name);
    if (missing.length) throw new UserInputError(`weights: missing tensor(s) ${missing.slice(0, 5).join(', ')}`);
    const extra = Object.keys(tensors).filter((n) => !expected.has(n));
    if (extra.length)
      throw new UserInputError(`weights: tensor(s) not in this config: ${extra.slice(0, 5).join(', ')}`);
    for (const s of specs) {
      const want = s.shape.reduce((a, b) => a * b, 1);
      const got = tensors[s.name]!.length;
      if (got !== want) {
        throw new UserInputError(`weights: ${s.name} has ${got} values, expected [${s.shape.join(', ')}] = ${want}`);
      }
      const packs = format === 'f16' && s.shape.length === 2;
      gpu.checkBindingSize(packs ? packedBytes(s.shape[0]!, s.shape[1]!) : want * 4, s.name);
    }
    // Pack (and range-check) every matrix before the first buffer is made.
    const data = new Map<string, Float32Array | Uint32Array>();
    const packed = new Set<string>();
    let [rounded, tiny, total] = [0, 0, 0];
    for (const s of specs) {
      const t = tensors[s.name]!;
      if (format === 'f16' && s.shape.length === 2) {
        const p = packF16Rows(t, s.shape[0]!, s.shape[1]!, `weights: ${s.name}`);
        data.set(s.name, p.words);
        packed.add(s.name);
        [rounded, tiny, total] = [rounded + p.rounded, tiny + p.tiny, total + t.length];
      } else data.set(s.name, t);
    }
    const notes: string[] = [];
    if (format === 'f16') {
      const pct = (n: number) => `${((100 * n) / Math.max(1, total)).toPrecision(2)} %`;
      notes.push(
        `weight matrices stored as f16 (half the bytes, f32 arithmetic): ${rounded} of ${total} values rounded (${pct(rounded)}), each by at most ${F16_UNIT_ROUNDOFF.toExponential(2)} relative` +
          (tiny ? `; ${tiny} values below 6.1e-5 kept with fewer bits (f16 subnormals)` : ''),
      );
    }
    const buffers = new Map<string, GPUBuffer>();
    try {
      for (const s of specs) buffers.set(s.name, gpu.upload(data.get(s.name)!, s.name));
    } catch (e) {
      for (const b of buffers.values()) b.destroy();
      throw e;
    }
    return new LlamaGpuWeights(config, buffers, format, notes, packed);
  }

  /** The buffer of a tensor as stored (f32, or packed f16 when `isPacked(name)`). */
  stored(name: string): GPUBuffer {
    const b = this.buffers.get(name);
    if (!b) throw new Error(`LlamaGpuWeights: no tensor ${name}`);
    return b;
  }

  /** Whether a tensor is stored as packed f16 pairs. */
  isPacked(name: string): boolean {
    return this.packed.has(name);
  }

  /** The f32 buffer of a tensor by its Hugging Face name (refused when stored as f16). */
  get(name: string): GPUBuffer {
    const b = this.stored(name);
    if (this.packed.has(name)) {
      throw new UserInputError(
        `weights: ${name} is stored as f16 (inference only); training and other f32 uses need weights uploaded as f32`,
      );
    }
    return b;
  }

  /** The LM head's name: lm_head.weight, or the embedding when tied. */
  get lmHeadName(): string {
    return this.config.tieWordEmbeddings ? 'model.embed_tokens.weight' : 'lm_head.weight';
  }

  /** The LM head's weight [vocab, hidden] in f32 (refused when stored as f16). */
  get lmHead(): GPUBuffer {
    return this.get(this.lmHeadName);
  }

  /** Layer i's tensors in f32 (refused when stored as f16). */
  layer(i: number): LlamaLayerWeights {
    return this.layerOf(i, (n) => this.get(n));
  }

  /** Layer i's tensors as stored: matrices packed when `format` is 'f16', norms f32. */
  storedLayer(i: number): LlamaLayerWeights {
    return this.layerOf(i, (n) => this.stored(n));
  }

  private layerOf(i: number, at: (name: string) => GPUBuffer): LlamaLayerWeights {
    const p = `model.layers.${i}`;
    return {
      inputNorm: at(`${p}.input_layernorm.weight`),
      q: at(`${p}.self_attn.q_proj.weight`),
      k: at(`${p}.self_attn.k_proj.weight`),
      v: at(`${p}.self_attn.v_proj.weight`),
      o: at(`${p}.self_attn.o_proj.weight`),
      postNorm: at(`${p}.post_attention_layernorm.weight`),
      gate: at(`${p}.mlp.gate_proj.weight`),
      up: at(`${p}.mlp.up_proj.weight`),
      down: at(`${p}.mlp.down_proj.weight`),
    };
  }

  /** Every tensor name with its buffer, in Hugging Face order. */
  entries(): [string, GPUBuffer][] {
    return [...this.buffers.entries()];
  }

  /** Reads every tensor back as f32 (e.g. to save a trained model as safetensors). */
  async download(gpu: Gpu): Promise<Record<string, Float32Array>> {
    const out: Record<string, Float32Array> = {};
    for (const s of llamaTensorNames(this.config)) {
      const n = s.shape.reduce((a, b) => a * b, 1);
      if (this.packed.has(s.name)) {
        const [rows, cols] = s.shape as [number, number];
        const words = new Uint32Array(await gpu.read(this.stored(s.name), 4 * rows * Math.ceil(cols / 2)));
        out[s.name] = unpackF16Rows(words, rows, cols);
      } else out[s.name] = await gpu.readF32(this.get(s.name), n);
    }
    return out;
  }

  /** Bytes of all weights as stored. */
  get bytes(): number {
    let n = 0;
    for (const b of this.buffers.values()) n += b.size;
    return n;
  }

  /**
   * Weight bytes one decode step reads at least once: every tensor but the embedding, plus one
   * embedding row per token — or the whole embedding when it is also the (tied) LM head.
   */
  get bytesPerDecodeToken(): number {
    const embed = 'model.embed_tokens.weight';
    const c = this.config;
    if (c.tieWordEmbeddings) return this.bytes;
    const row = this.packed.has(embed) ? 4 * Math.ceil(c.hiddenSize / 2) : 4 * c.hiddenSize;
    return this.bytes - this.stored(embed).size + row;
  }

  destroy(): void {
    for (const b of this.buffers.values()) b.destroy();
    this.buffers.clear();
  }
}

export interface LlamaLayerWeights {
  inputNorm: GPUBuffer;
  q: GPUBuffer;
  k: GPUBuffer;
  v: GPUBuffer;
  o: GPUBuffer;
  postNorm: GPUBuffer;
  gate: GPUBuffer;
  up: GPUBuffer;
  down: GPUBuffer;
}
