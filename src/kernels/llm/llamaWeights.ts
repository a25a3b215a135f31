// A Llama model's weights resident on the GPU, one f32 storage buffer per Hugging Face tensor
// (PyTorch [out, in] layouts kept, so `y = x · Wᵀ` reads rows of W contiguously). Uploaded once;
// the forward, decode and training plans bind these buffers and never copy them.
import type { Gpu } from '../../gpu/gpu';
import { UserInputError } from '../../core';
import { llamaTensorNames, type LlamaConfig } from '../../data/llamaConfig';

export class LlamaGpuWeights {
  private constructor(
    readonly config: LlamaConfig,
    private readonly buffers: Map<string, GPUBuffer>,
  ) {}

  /**
   * Uploads every tensor the config expects, checked by name and element count first (so a
   * mismatched checkpoint is refused before anything is allocated). Extra tensors are refused too:
   * they mean the checkpoint is not the model the config describes.
   */
  static upload(gpu: Gpu, config: LlamaConfig, tensors: Record<string, Float32Array>): LlamaGpuWeights {
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
      gpu.checkBindingSize(want * 4, s.name);
    }
    const buffers = new Map<string, GPUBuffer>();
    try {
      for (const s of specs) buffers.set(s.name, gpu.upload(tensors[s.name]!, s.name));
    } catch (e) {
      for (const b of buffers.values()) b.destroy();
      throw e;
    }
    return new LlamaGpuWeights(config, buffers);
  }

  /** The buffer of a tensor by its Hugging Face name. */
  get(name: string): GPUBuffer {
    const b = this.buffers.get(name);
    if (!b) throw new Error(`LlamaGpuWeights: no tensor ${name}`);
    return b;
  }

  /** The LM head's weight [vocab, hidden]: lm_head.weight, or the embedding when tied. */
  get lmHead(): GPUBuffer {
    return this.get(this.config.tieWordEmbeddings ? 'model.embed_tokens.weight' : 'lm_head.weight');
  }

  layer(i: number): LlamaLayerWeights {
    const p = `model.layers.${i}`;
    return {
      inputNorm: this.get(`${p}.input_layernorm.weight`),
      q: this.get(`${p}.self_attn.q_proj.weight`),
      k: this.get(`${p}.self_attn.k_proj.weight`),
      v: this.get(`${p}.self_attn.v_proj.weight`),
      o: this.get(`${p}.self_attn.o_proj.weight`),
      postNorm: this.get(`${p}.post_attention_layernorm.weight`),
      gate: this.get(`${p}.mlp.gate_proj.weight`),
      up: this.get(`${p}.mlp.up_proj.weight`),
      down: this.get(`${p}.mlp.down_proj.weight`),
    };
  }

  /** Every tensor name with its buffer, in Hugging Face order. */
  entries(): [string, GPUBuffer][] {
    return [...this.buffers.entries()];
  }

  /** Reads every tensor back (e.g. to save a trained model as safetensors). */
  async download(gpu: Gpu): Promise<Record<string, Float32Array>> {
    const out: Record<string, Float32Array> = {};
    for (const s of llamaTensorNames(this.config)) {
      out[s.name] = await gpu.readF32(
        this.get(s.name),
        s.shape.reduce((a, b) => a * b, 1),
      );
    }
    return out;
  }

  /** Bytes of all weights (what one decode step must read at least once). */
  get bytes(): number {
    let n = 0;
    for (const b of this.buffers.values()) n += b.size;
    return n;
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
