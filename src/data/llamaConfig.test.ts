// Tests for the Llama config parser/serialiser, the expected tensor list, the checkpoint checker and
// parameter counts (checked against the published sizes of TinyLlama-1.1B, Llama-2-7B, Llama-3.2-1B).
import { describe, expect, it } from 'vitest';
import { UserInputError } from '../core/errors';
import {
  checkLlamaTensors,
  llamaConfigToJson,
  LlamaConfigError,
  llamaParameterCounts,
  llamaTensorNames,
  parseLlamaConfig,
  serializeLlamaConfig,
  type LlamaConfig,
} from './llamaConfig';
import { encodeSafetensors, parseSafetensors, parseSafetensorsHeader } from './safetensors';

// TinyLlama/TinyLlama-1.1B-Chat-v1.0 config.json, as published.
const TINYLLAMA = `{
  "architectures": ["LlamaForCausalLM"],
  "attention_bias": false,
  "bos_token_id": 1,
  "eos_token_id": 2,
  "hidden_act": "silu",
  "hidden_size": 2048,
  "initializer_range": 0.02,
  "intermediate_size": 5632,
  "max_position_embeddings": 2048,
  "model_type": "llama",
  "num_attention_heads": 32,
  "num_hidden_layers": 22,
  "num_key_value_heads": 4,
  "pretraining_tp": 1,
  "rms_norm_eps": 1e-05,
  "rope_scaling": null,
  "rope_theta": 10000.0,
  "tie_word_embeddings": false,
  "torch_dtype": "bfloat16",
  "transformers_version": "4.35.0",
  "use_cache": true,
  "vocab_size": 32000
}`;

const tinyJson = {
  hidden_size: 16,
  intermediate_size: 40,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  num_hidden_layers: 2,
  rms_norm_eps: 1e-6,
  vocab_size: 256,
  max_position_embeddings: 64,
};

function expectConfigError(json: unknown, pattern: RegExp) {
  let err: unknown;
  try {
    parseLlamaConfig(json);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(LlamaConfigError);
  expect(err).toBeInstanceOf(UserInputError);
  expect((err as Error).message).toMatch(/^config\.json: /);
  expect((err as Error).message).toMatch(pattern);
}

describe('parseLlamaConfig', () => {
  it('reads a published config.json', () => {
    const c = parseLlamaConfig(TINYLLAMA);
    expect(c).toEqual({
      vocabSize: 32000,
      hiddenSize: 2048,
      intermediateSize: 5632,
      numHiddenLayers: 22,
      numAttentionHeads: 32,
      numKeyValueHeads: 4,
      headDim: 64,
      maxPositionEmbeddings: 2048,
      rmsNormEps: 1e-5,
      ropeTheta: 10000,
      tieWordEmbeddings: false,
      ropeScaling: null,
      bosTokenId: 1,
      eosTokenId: 2,
    } satisfies LlamaConfig);
  });

  it('applies the defaults: kv heads = heads, rope_theta 10000, untied, head_dim = hidden / heads', () => {
    const { num_key_value_heads: _, ...noKv } = tinyJson;
    const c = parseLlamaConfig({ ...noKv, num_key_value_heads: null });
    expect(c.numKeyValueHeads).toBe(4);
    expect(c.ropeTheta).toBe(10000);
    expect(c.tieWordEmbeddings).toBe(false);
    expect(c.headDim).toBe(4);
    expect(c.ropeScaling).toBeNull();
    expect(c.bosTokenId).toBeUndefined();
    expect(parseLlamaConfig(noKv).numKeyValueHeads).toBe(4);
  });

  it('takes an explicit head_dim that does not divide hidden_size, and lists of eos ids', () => {
    const c = parseLlamaConfig({
      ...tinyJson,
      hidden_size: 30,
      num_attention_heads: 4,
      head_dim: 8,
      eos_token_id: [5, 9],
    });
    expect(c.headDim).toBe(8);
    expect(c.eosTokenId).toEqual([5, 9]);
    expect(llamaTensorNames(c).find((t) => t.name.endsWith('0.self_attn.q_proj.weight'))!.shape).toEqual([32, 30]);
    expect(llamaTensorNames(c).find((t) => t.name.endsWith('0.self_attn.o_proj.weight'))!.shape).toEqual([30, 32]);
  });

  it('names the field and the value in its errors', () => {
    expectConfigError('{"hidden_size": ', /not valid JSON/);
    expectConfigError('[1]', /expected a JSON object/);
    expectConfigError(42, /expected a JSON object/);
    const { hidden_size: _, ...noHidden } = tinyJson;
    expectConfigError(noHidden, /missing required field "hidden_size"/);
    expectConfigError({ ...tinyJson, rms_norm_eps: null }, /missing required field "rms_norm_eps"/);
    expectConfigError({ ...tinyJson, hidden_size: 12.5 }, /"hidden_size" must be a positive integer, got 12.5/);
    expectConfigError({ ...tinyJson, vocab_size: 0 }, /"vocab_size" must be a positive integer, got 0/);
    expectConfigError(
      { ...tinyJson, num_hidden_layers: '2' },
      /"num_hidden_layers" must be a positive integer, got "2"/,
    );
    expectConfigError({ ...tinyJson, intermediate_size: -4 }, /"intermediate_size" must be a positive integer, got -4/);
    expectConfigError({ ...tinyJson, head_dim: 0 }, /"head_dim" must be a positive integer, got 0/);
    expectConfigError({ ...tinyJson, rms_norm_eps: -1e-6 }, /"rms_norm_eps" must be a positive number, got -0.000001/);
    expectConfigError({ ...tinyJson, rope_theta: 'big' }, /"rope_theta" must be a positive number, got "big"/);
    expectConfigError({ ...tinyJson, tie_word_embeddings: 1 }, /"tie_word_embeddings" must be true or false, got 1/);
    expectConfigError(
      { ...tinyJson, hidden_size: 18, num_attention_heads: 4 },
      /"hidden_size" 18 is not divisible by "num_attention_heads" 4 \(give "head_dim"/,
    );
    expectConfigError(
      { ...tinyJson, num_key_value_heads: 3 },
      /"num_attention_heads" 4 is not divisible by "num_key_value_heads" 3/,
    );
    expectConfigError({ ...tinyJson, head_dim: 5 }, /head dimension 5 must be even/);
    expectConfigError({ ...tinyJson, model_type: 'qwen2' }, /"model_type" is "qwen2", expected "llama"/);
    expectConfigError({ ...tinyJson, hidden_act: 'gelu' }, /"hidden_act" "gelu" is not supported/);
    expectConfigError({ ...tinyJson, attention_bias: true }, /"attention_bias": true is not supported/);
    expectConfigError({ ...tinyJson, mlp_bias: true }, /"mlp_bias": true is not supported/);
    expectConfigError({ ...tinyJson, rope_scaling: 'linear' }, /"rope_scaling" must be an object or null/);
    expectConfigError({ ...tinyJson, bos_token_id: -1 }, /"bos_token_id" must be a non-negative integer, got -1/);
    expectConfigError({ ...tinyJson, eos_token_id: [] }, /"eos_token_id" must be a non-negative integer or a list/);
  });
});

describe('serializeLlamaConfig', () => {
  it('writes a Hugging Face config.json that parses back to the same config', () => {
    const c = parseLlamaConfig(TINYLLAMA);
    const text = serializeLlamaConfig(c);
    expect(text.endsWith('}\n')).toBe(true);
    const json = JSON.parse(text) as Record<string, unknown>;
    expect(json.architectures).toEqual(['LlamaForCausalLM']);
    expect(json.model_type).toBe('llama');
    expect(json.hidden_act).toBe('silu');
    expect(json.num_key_value_heads).toBe(4);
    expect(json.head_dim).toBe(64);
    expect(json.rms_norm_eps).toBe(1e-5);
    expect(Object.keys(json)).toEqual(Object.keys(json).sort());
    expect(parseLlamaConfig(text)).toEqual(c);
  });

  it('omits absent token ids and passes rope_scaling through', () => {
    const scaling = { rope_type: 'llama3', factor: 32 };
    const c = parseLlamaConfig({ ...tinyJson, rope_scaling: scaling, tie_word_embeddings: true });
    const json = llamaConfigToJson(c);
    expect('bos_token_id' in json).toBe(false);
    expect('eos_token_id' in json).toBe(false);
    expect(json.rope_scaling).toEqual(scaling);
    expect(json.tie_word_embeddings).toBe(true);
    expect(parseLlamaConfig(json)).toEqual(c);
  });
});

describe('llamaTensorNames / checkLlamaTensors', () => {
  const tiny = parseLlamaConfig(tinyJson);

  it('lists every tensor with PyTorch [out, in] shapes', () => {
    const specs = llamaTensorNames(tiny);
    expect(specs.length).toBe(1 + 2 * 9 + 2);
    const shape = Object.fromEntries(specs.map((t) => [t.name, t.shape]));
    expect(shape['model.embed_tokens.weight']).toEqual([256, 16]);
    expect(shape['model.layers.1.self_attn.q_proj.weight']).toEqual([16, 16]);
    expect(shape['model.layers.1.self_attn.k_proj.weight']).toEqual([8, 16]); // 2 kv heads x head_dim 4
    expect(shape['model.layers.1.self_attn.v_proj.weight']).toEqual([8, 16]);
    expect(shape['model.layers.1.self_attn.o_proj.weight']).toEqual([16, 16]);
    expect(shape['model.layers.0.mlp.gate_proj.weight']).toEqual([40, 16]);
    expect(shape['model.layers.0.mlp.up_proj.weight']).toEqual([40, 16]);
    expect(shape['model.layers.0.mlp.down_proj.weight']).toEqual([16, 40]);
    expect(shape['model.layers.0.input_layernorm.weight']).toEqual([16]);
    expect(shape['model.layers.0.post_attention_layernorm.weight']).toEqual([16]);
    expect(shape['model.norm.weight']).toEqual([16]);
    expect(shape['lm_head.weight']).toEqual([256, 16]);
    expect(specs.some((t) => t.name === 'lm_head.weight')).toBe(true);
    expect(llamaTensorNames({ ...tiny, tieWordEmbeddings: true }).some((t) => t.name === 'lm_head.weight')).toBe(false);
  });

  it('accepts a complete checkpoint (header or file)', () => {
    const tensors = Object.fromEntries(
      llamaTensorNames(tiny).map((t) => [
        t.name,
        { dtype: 'BF16' as const, shape: t.shape, data: new Float32Array(t.shape.reduce((a, b) => a * b, 1)) },
      ]),
    );
    const bytes = encodeSafetensors(tensors, { format: 'pt' });
    const report = checkLlamaTensors(tiny, parseSafetensorsHeader(bytes));
    expect(report).toEqual({ ok: true, missing: [], extra: [], misshaped: [], problems: [] });
    expect(checkLlamaTensors(tiny, parseSafetensors(bytes)).ok).toBe(true);
  });

  it('reports missing, extra and mis-shaped tensors by name', () => {
    const shapes = new Map(llamaTensorNames(tiny).map((t) => [t.name, { shape: t.shape }]));
    shapes.delete('model.layers.1.mlp.down_proj.weight');
    shapes.delete('model.norm.weight');
    shapes.set('model.layers.0.self_attn.k_proj.weight', { shape: [16, 16] });
    shapes.set('model.layers.0.input_layernorm.weight', { shape: [16, 1] });
    shapes.set('model.layers.0.self_attn.rotary_emb.inv_freq', { shape: [2] });
    const report = checkLlamaTensors(tiny, { tensors: shapes });
    expect(report.ok).toBe(false);
    expect(report.missing).toEqual(['model.layers.1.mlp.down_proj.weight', 'model.norm.weight']);
    expect(report.extra).toEqual(['model.layers.0.self_attn.rotary_emb.inv_freq']);
    expect(report.misshaped).toEqual([
      { name: 'model.layers.0.self_attn.k_proj.weight', expected: [8, 16], actual: [16, 16] },
      { name: 'model.layers.0.input_layernorm.weight', expected: [16], actual: [16, 1] },
    ]);
    expect(report.problems).toEqual([
      'missing tensor model.layers.1.mlp.down_proj.weight',
      'missing tensor model.norm.weight',
      'tensor model.layers.0.self_attn.k_proj.weight has shape [16, 16], expected [8, 16]',
      'tensor model.layers.0.input_layernorm.weight has shape [16, 1], expected [16]',
      'unexpected tensor model.layers.0.self_attn.rotary_emb.inv_freq',
    ]);
  });

  it('explains an lm_head in a tied checkpoint', () => {
    const tied = { ...tiny, tieWordEmbeddings: true };
    const shapes = new Map(llamaTensorNames(tiny).map((t) => [t.name, { shape: t.shape }]));
    const report = checkLlamaTensors(tied, { tensors: shapes });
    expect(report.extra).toEqual(['lm_head.weight']);
    expect(report.problems[0]).toMatch(/unexpected tensor lm_head\.weight \(tie_word_embeddings is true/);
  });
});

describe('llamaParameterCounts', () => {
  it('matches published model sizes', () => {
    const tinyLlama = parseLlamaConfig(TINYLLAMA);
    expect(llamaParameterCounts(tinyLlama)).toEqual({
      total: 1_100_048_384,
      embedding: 2 * 32000 * 2048,
      nonEmbedding: 1_100_048_384 - 2 * 32000 * 2048,
    });
    const llama2_7b = parseLlamaConfig({
      hidden_size: 4096,
      intermediate_size: 11008,
      num_attention_heads: 32,
      num_hidden_layers: 32,
      rms_norm_eps: 1e-5,
      vocab_size: 32000,
      max_position_embeddings: 4096,
    });
    expect(llamaParameterCounts(llama2_7b).total).toBe(6_738_415_616);
    const llama32_1b = parseLlamaConfig({
      hidden_size: 2048,
      intermediate_size: 8192,
      num_attention_heads: 32,
      num_key_value_heads: 8,
      head_dim: 64,
      num_hidden_layers: 16,
      rms_norm_eps: 1e-5,
      rope_theta: 500000,
      rope_scaling: { rope_type: 'llama3', factor: 32, low_freq_factor: 1, high_freq_factor: 4 },
      vocab_size: 128256,
      max_position_embeddings: 131072,
      tie_word_embeddings: true,
    });
    const counts = llamaParameterCounts(llama32_1b);
    expect(counts.total).toBe(1_235_814_400);
    expect(counts.embedding).toBe(128256 * 2048); // tied: counted once
    expect(counts.nonEmbedding).toBe(1_235_814_400 - 128256 * 2048);
  });

  it('counts a tiny config by hand', () => {
    const tiny = parseLlamaConfig(tinyJson);
    const perLayer = 16 * 16 + 2 * 8 * 16 + 16 * 16 + 3 * 40 * 16 + 2 * 16;
    expect(llamaParameterCounts(tiny)).toEqual({
      total: 2 * 256 * 16 + 2 * perLayer + 16,
      embedding: 2 * 256 * 16,
      nonEmbedding: 2 * perLayer + 16,
    });
  });
});
