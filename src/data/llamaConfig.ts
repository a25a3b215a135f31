// The Llama architecture's hyperparameters as Hugging Face's `LlamaConfig` (config.json) spells them,
// parsed into a typed, validated LlamaConfig and written back; plus the tensor names and shapes a HF
// Llama checkpoint (safetensors) must contain, a checker that reports missing, extra and mis-shaped
// tensors, and parameter counts. Shapes are PyTorch's: a Linear weight is [out_features, in_features].
// Reference: transformers/models/llama/configuration_llama.py and modeling_llama.py.
import { UserInputError } from '../core/errors';

export class LlamaConfigError extends UserInputError {
  override name = 'LlamaConfigError';
}

export interface LlamaConfig {
  vocabSize: number;
  hiddenSize: number;
  /** The SwiGLU MLP's inner width. */
  intermediateSize: number;
  numHiddenLayers: number;
  numAttentionHeads: number;
  /** Grouped-query attention: each K/V head serves numAttentionHeads / numKeyValueHeads query heads. */
  numKeyValueHeads: number;
  /** Per-head width: `head_dim` when given, else hiddenSize / numAttentionHeads. */
  headDim: number;
  maxPositionEmbeddings: number;
  rmsNormEps: number;
  ropeTheta: number;
  /** lm_head shares embed_tokens' weight (and the checkpoint has no lm_head.weight). */
  tieWordEmbeddings: boolean;
  /** `rope_scaling` passed through unvalidated (e.g. Llama 3.1's {rope_type: 'llama3', ...}); null when absent. */
  ropeScaling: Record<string, unknown> | null;
  bosTokenId?: number;
  eosTokenId?: number | number[];
}

const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
const shown = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));

/**
 * Parses a Hugging Face Llama config.json (its text or the parsed object). Unknown keys are ignored,
 * as transformers ignores them; features that change the tensor set or the maths we implement
 * (attention_bias, mlp_bias, a hidden_act other than silu, another model_type) are refused.
 */
export function parseLlamaConfig(json: unknown, name = 'config.json'): LlamaConfig {
  const fail = (msg: string): never => {
    throw new LlamaConfigError(`${name}: ${msg}`);
  };
  let obj = json;
  if (typeof json === 'string') {
    try {
      obj = JSON.parse(json);
    } catch (e) {
      fail(`not valid JSON (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return fail('expected a JSON object');
  const c = obj as Record<string, unknown>;
  const has = (k: string) => c[k] !== undefined && c[k] !== null;

  const int = (key: string, fallback?: number): number => {
    if (!has(key)) {
      if (fallback !== undefined) return fallback;
      fail(`missing required field "${key}"`);
    }
    const v = c[key];
    if (!isPositiveInt(v)) fail(`"${key}" must be a positive integer, got ${shown(v)}`);
    return v as number;
  };
  const positive = (key: string, fallback?: number): number => {
    if (!has(key)) {
      if (fallback !== undefined) return fallback;
      fail(`missing required field "${key}"`);
    }
    const v = c[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
      fail(`"${key}" must be a positive number, got ${shown(v)}`);
    return v as number;
  };
  const flag = (key: string): boolean => {
    if (!has(key)) return false;
    if (typeof c[key] !== 'boolean') fail(`"${key}" must be true or false, got ${shown(c[key])}`);
    return c[key] as boolean;
  };

  if (has('model_type') && c.model_type !== 'llama') fail(`"model_type" is ${shown(c.model_type)}, expected "llama"`);
  if (has('hidden_act') && c.hidden_act !== 'silu') {
    fail(`"hidden_act" ${shown(c.hidden_act)} is not supported (Llama's SwiGLU MLP uses "silu")`);
  }
  for (const key of ['attention_bias', 'mlp_bias']) {
    if (flag(key)) fail(`"${key}": true is not supported (Llama's projections have no bias)`);
  }

  const hiddenSize = int('hidden_size');
  const numAttentionHeads = int('num_attention_heads');
  const numKeyValueHeads = int('num_key_value_heads', numAttentionHeads);
  let headDim: number;
  if (has('head_dim')) {
    headDim = int('head_dim');
  } else {
    if (hiddenSize % numAttentionHeads !== 0) {
      fail(
        `"hidden_size" ${hiddenSize} is not divisible by "num_attention_heads" ${numAttentionHeads} ` +
          '(give "head_dim" explicitly for such a model)',
      );
    }
    headDim = hiddenSize / numAttentionHeads;
  }
  if (headDim % 2 !== 0) fail(`head dimension ${headDim} must be even (rotary embeddings rotate pairs)`);
  if (numAttentionHeads % numKeyValueHeads !== 0) {
    fail(`"num_attention_heads" ${numAttentionHeads} is not divisible by "num_key_value_heads" ${numKeyValueHeads}`);
  }
  const ropeScaling = has('rope_scaling') ? c.rope_scaling : null;
  if (ropeScaling !== null && (typeof ropeScaling !== 'object' || Array.isArray(ropeScaling))) {
    fail(`"rope_scaling" must be an object or null, got ${shown(ropeScaling)}`);
  }

  const config: LlamaConfig = {
    vocabSize: int('vocab_size'),
    hiddenSize,
    intermediateSize: int('intermediate_size'),
    numHiddenLayers: int('num_hidden_layers'),
    numAttentionHeads,
    numKeyValueHeads,
    headDim,
    maxPositionEmbeddings: int('max_position_embeddings'),
    rmsNormEps: positive('rms_norm_eps'),
    ropeTheta: positive('rope_theta', 10000),
    tieWordEmbeddings: flag('tie_word_embeddings'),
    ropeScaling: ropeScaling as Record<string, unknown> | null,
  };
  const tokenId = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
  if (has('bos_token_id')) {
    if (!tokenId(c.bos_token_id)) fail(`"bos_token_id" must be a non-negative integer, got ${shown(c.bos_token_id)}`);
    config.bosTokenId = c.bos_token_id as number;
  }
  if (has('eos_token_id')) {
    const v = c.eos_token_id;
    if (!(tokenId(v) || (Array.isArray(v) && v.length > 0 && v.every(tokenId)))) {
      fail(`"eos_token_id" must be a non-negative integer or a list of them, got ${shown(v)}`);
    }
    config.eosTokenId = Array.isArray(v) ? [...(v as number[])] : (v as number);
  }
  return config;
}

/** The config as a Hugging Face config.json object (keys sorted, as save_pretrained writes them). */
export function llamaConfigToJson(config: LlamaConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {
    architectures: ['LlamaForCausalLM'],
    attention_bias: false,
    bos_token_id: config.bosTokenId,
    eos_token_id: config.eosTokenId,
    head_dim: config.headDim,
    hidden_act: 'silu',
    hidden_size: config.hiddenSize,
    intermediate_size: config.intermediateSize,
    max_position_embeddings: config.maxPositionEmbeddings,
    mlp_bias: false,
    model_type: 'llama',
    num_attention_heads: config.numAttentionHeads,
    num_hidden_layers: config.numHiddenLayers,
    num_key_value_heads: config.numKeyValueHeads,
    rms_norm_eps: config.rmsNormEps,
    rope_scaling: config.ropeScaling,
    rope_theta: config.ropeTheta,
    tie_word_embeddings: config.tieWordEmbeddings,
    vocab_size: config.vocabSize,
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

/** config.json text: 2-space indented JSON with a trailing newline. */
export function serializeLlamaConfig(config: LlamaConfig): string {
  return JSON.stringify(llamaConfigToJson(config), null, 2) + '\n';
}

export interface LlamaTensorSpec {
  name: string;
  shape: number[];
}

/** The tensors a HF Llama checkpoint holds, in the order transformers defines them. */
export function llamaTensorNames(config: LlamaConfig): LlamaTensorSpec[] {
  const { vocabSize: v, hiddenSize: h, intermediateSize: m, headDim: d } = config;
  const q = config.numAttentionHeads * d;
  const kv = config.numKeyValueHeads * d;
  const out: LlamaTensorSpec[] = [{ name: 'model.embed_tokens.weight', shape: [v, h] }];
  for (let i = 0; i < config.numHiddenLayers; i++) {
    const p = `model.layers.${i}`;
    out.push(
      { name: `${p}.self_attn.q_proj.weight`, shape: [q, h] },
      { name: `${p}.self_attn.k_proj.weight`, shape: [kv, h] },
      { name: `${p}.self_attn.v_proj.weight`, shape: [kv, h] },
      { name: `${p}.self_attn.o_proj.weight`, shape: [h, q] },
      { name: `${p}.mlp.gate_proj.weight`, shape: [m, h] },
      { name: `${p}.mlp.up_proj.weight`, shape: [m, h] },
      { name: `${p}.mlp.down_proj.weight`, shape: [h, m] },
      { name: `${p}.input_layernorm.weight`, shape: [h] },
      { name: `${p}.post_attention_layernorm.weight`, shape: [h] },
    );
  }
  out.push({ name: 'model.norm.weight', shape: [h] });
  if (!config.tieWordEmbeddings) out.push({ name: 'lm_head.weight', shape: [v, h] });
  return out;
}

export interface LlamaTensorCheck {
  ok: boolean;
  /** Expected tensors the checkpoint lacks, in llamaTensorNames order. */
  missing: string[];
  /** Tensors the checkpoint has that a Llama of this config does not (sorted). */
  extra: string[];
  misshaped: { name: string; expected: number[]; actual: number[] }[];
  /** One human-readable line per problem. */
  problems: string[];
}

/**
 * Compares a checkpoint's tensors (a parsed safetensors header or file, or any map of name -> shape)
 * with what `config` needs. Dtypes are not checked: any float dtype converts.
 */
export function checkLlamaTensors(
  config: LlamaConfig,
  header: { tensors: ReadonlyMap<string, { readonly shape: readonly number[] }> },
): LlamaTensorCheck {
  const expected = llamaTensorNames(config);
  const wanted = new Set(expected.map((t) => t.name));
  const missing: string[] = [];
  const misshaped: LlamaTensorCheck['misshaped'] = [];
  for (const t of expected) {
    const found = header.tensors.get(t.name);
    if (!found) missing.push(t.name);
    else if (found.shape.length !== t.shape.length || found.shape.some((d, k) => d !== t.shape[k])) {
      misshaped.push({ name: t.name, expected: t.shape, actual: [...found.shape] });
    }
  }
  const extra = [...header.tensors.keys()].filter((n) => !wanted.has(n)).sort();
  const problems = [
    ...missing.map((n) => `missing tensor ${n}`),
    ...misshaped.map((t) => `tensor ${t.name} has shape [${t.actual.join(', ')}], expected [${t.expected.join(', ')}]`),
    ...extra.map((n) =>
      n === 'lm_head.weight' && config.tieWordEmbeddings
        ? `unexpected tensor ${n} (tie_word_embeddings is true, so lm_head reuses embed_tokens)`
        : `unexpected tensor ${n}`,
    ),
  ];
  return { ok: problems.length === 0, missing, extra, misshaped, problems };
}

export interface LlamaParameterCounts {
  total: number;
  /** embed_tokens, plus lm_head when it is not tied. */
  embedding: number;
  /** total - embedding: the attention, MLP and norm weights. */
  nonEmbedding: number;
}

/** Parameter counts of a Llama with this config (tied embeddings counted once). */
export function llamaParameterCounts(config: LlamaConfig): LlamaParameterCounts {
  let total = 0;
  let embedding = 0;
  for (const t of llamaTensorNames(config)) {
    const n = t.shape.reduce((a, b) => a * b, 1);
    total += n;
    if (t.name === 'model.embed_tokens.weight' || t.name === 'lm_head.weight') embedding += n;
  }
  return { total, embedding, nonEmbedding: total - embedding };
}
