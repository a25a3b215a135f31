// Checkpoint files: a save/load round trip, F16 weights converted, rotary-frequency tensors passed
// over, and mismatches between config and tensors refused with the tensor named.
import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../core';
import { encodeSafetensors, parseSafetensors, type SafetensorsWriteTensor } from '../../data/safetensors';
import { llamaTensorNames, type LlamaConfig } from '../../data/llamaConfig';
import { initLlamaTensors, readLlamaCheckpoint, readLlamaConfig, writeLlamaCheckpoint } from './llamaCheckpoint';

const config: LlamaConfig = readLlamaConfig(
  JSON.stringify({
    hidden_size: 8,
    intermediate_size: 12,
    num_attention_heads: 2,
    num_key_value_heads: 1,
    num_hidden_layers: 1,
    rms_norm_eps: 1e-6,
    vocab_size: 11,
    tie_word_embeddings: false,
    max_position_embeddings: 32,
  }),
);

describe('Llama checkpoints', () => {
  it('round-trips through safetensors + config.json', () => {
    const tensors = initLlamaTensors(config, 3);
    const files = writeLlamaCheckpoint(config, tensors);
    const again = readLlamaCheckpoint(files.safetensors, readLlamaConfig(files.configJson));
    expect(again.config).toEqual(config);
    for (const s of llamaTensorNames(config))
      expect(Array.from(again.tensors[s.name]!), s.name).toEqual(Array.from(tensors[s.name]!));
    expect(again.notes).toEqual([]);
    expect(JSON.parse(files.configJson).architectures).toEqual(['LlamaForCausalLM']);
  });

  it('converts F16 weights to f32 and passes over rotary frequency tensors, saying so', () => {
    const tensors = initLlamaTensors(config, 4);
    const entries = new Map<string, SafetensorsWriteTensor>(
      llamaTensorNames(config).map((s) => [s.name, { dtype: 'F16', shape: s.shape, data: tensors[s.name]! }]),
    );
    entries.set('model.layers.0.self_attn.rotary_emb.inv_freq', { dtype: 'F32', shape: [2], data: [1, 0.1] });
    const bytes = encodeSafetensors(entries);
    const ck = readLlamaCheckpoint(bytes, config, 'half.safetensors');
    const q = ck.tensors['model.layers.0.self_attn.q_proj.weight']!;
    const want = tensors['model.layers.0.self_attn.q_proj.weight']!;
    for (let i = 0; i < q.length; i++)
      expect(Math.abs(q[i]! - want[i]!)).toBeLessThanOrEqual(Math.abs(want[i]!) * 2 ** -10 + 1e-7);
    expect(ck.notes.join(' ')).toMatch(/1 rotary frequency tensor\(s\) in half.safetensors ignored/);
    expect(ck.notes.join(' ')).toMatch(/F16 weights converted to f32/);
  });

  it('says what f16 storage keeps of BF16, F16 and F32 checkpoints, and refuses values past its range', () => {
    const tensors = initLlamaTensors(config, 6);
    const entries = (dtype: 'BF16' | 'F16' | 'F32') =>
      new Map<string, SafetensorsWriteTensor>(
        llamaTensorNames(config).map((s) => [s.name, { dtype, shape: s.shape, data: tensors[s.name]! }]),
      );
    const bf16 = entries('BF16');
    const q = 'model.layers.0.self_attn.q_proj.weight';
    const tiny = Float32Array.from(tensors[q]!);
    tiny[0] = 1e-6; // below f16's normal range
    bf16.set(q, { dtype: 'BF16', shape: [8, 8], data: tiny });
    const ck = readLlamaCheckpoint(encodeSafetensors(bf16), config, 'b.safetensors', { weights: 'f16' });
    expect(ck.notes.join(' ')).toMatch(/BF16 weights re-encoded as f16: exact for magnitudes from 6.1e-5 to 65504/);
    const tinyCount = Number(/(\d+) smaller values keep fewer bits/.exec(ck.notes.join(' '))?.[1]);
    const wantTiny = Object.entries(ck.tensors)
      .filter(([n]) => !n.endsWith('norm.weight'))
      .reduce((k, [, t]) => k + t.filter((v) => v !== 0 && Math.abs(v) < 2 ** -14).length, 0);
    expect(tinyCount).toBe(wantTiny);
    expect(wantTiny).toBeGreaterThanOrEqual(1);
    expect(readLlamaCheckpoint(encodeSafetensors(bf16), config).notes.join(' ')).toMatch(
      /BF16 weights converted to f32 \(exactly\)/,
    );
    expect(readLlamaCheckpoint(encodeSafetensors(entries('F16')), config, 'h', { weights: 'f16' }).notes).toEqual([
      'F16 weights kept exactly as f16',
    ]);
    const big = Float32Array.from(tensors[q]!);
    big[3] = 1e5;
    const f32 = entries('F32');
    f32.set(q, { dtype: 'F32', shape: [8, 8], data: big });
    expect(() => readLlamaCheckpoint(encodeSafetensors(f32), config, 'f.safetensors', { weights: 'f16' })).toThrow(
      /f.safetensors: tensor model.layers.0.self_attn.q_proj.weight holds 100000, past the f16 range/,
    );
    expect(readLlamaCheckpoint(encodeSafetensors(f32), config).tensors[q]![3]).toBe(1e5);
  });

  it('refuses a checkpoint that does not match its config, naming the tensor', () => {
    const tensors = initLlamaTensors(config, 5);
    const { safetensors } = writeLlamaCheckpoint(config, tensors);
    const other = { ...config, intermediateSize: 16 };
    expect(() => readLlamaCheckpoint(safetensors, other, 'm.safetensors')).toThrow(
      /m.safetensors does not match the config: tensor model.layers.0.mlp.gate_proj.weight has shape \[12, 8\], expected \[16, 8\]/,
    );
    const file = parseSafetensors(safetensors);
    const ints = new Map<string, SafetensorsWriteTensor>(file.tensors);
    ints.set('model.norm.weight', { dtype: 'I32', shape: [8], data: new Int32Array(8) });
    expect(() => readLlamaCheckpoint(encodeSafetensors(ints), config)).toThrow(
      /tensor model.norm.weight is I32; weights must be F32, F16 or BF16/,
    );
    expect(() => readLlamaConfig('{ not json')).toThrow(UserInputError);
  });

  it('initialises deterministically: norms at one, matrices with the requested spread', () => {
    const a = initLlamaTensors(config, 7);
    expect(initLlamaTensors(config, 7)['lm_head.weight']).toEqual(a['lm_head.weight']);
    expect(initLlamaTensors(config, 8)['lm_head.weight']).not.toEqual(a['lm_head.weight']);
    expect(Array.from(a['model.norm.weight']!)).toEqual(new Array(8).fill(1));
    const e = a['model.embed_tokens.weight']!;
    const sd = Math.sqrt(e.reduce((s, x) => s + x * x, 0) / e.length);
    expect(sd).toBeGreaterThan(0.012);
    expect(sd).toBeLessThan(0.028);
  });
});
