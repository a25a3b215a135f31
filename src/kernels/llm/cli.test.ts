// The llm family's kernel-CLI entries in-process on a tiny random Llama written to a temp dir as
// a Hugging Face checkpoint: logits equal to LlamaInference's, greedy generation equal to the
// step-by-step argmax of llama-logits, seeded sampling reproducible, every GPU buffer freed, and
// bad files / tokens refused with the file, tensor or field named.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { ndarray, type NdArray } from '../../data/ndarray';
import { UserInputError, type LoadedFile } from '../../core';
import { findKernel } from '../registry';
import { initLlamaTensors, readLlamaConfig, writeLlamaCheckpoint } from './llamaCheckpoint';
import { LlamaGpuWeights } from './llamaWeights';
import { LlamaInference } from './llamaInference';
import { llamaGenerateKernel, llamaLogitsKernel, speculativeGenerateKernel } from './cli';

const CONFIG = {
  model_type: 'llama',
  vocab_size: 19,
  hidden_size: 16,
  intermediate_size: 24,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  head_dim: 6,
  max_position_embeddings: 16,
  rms_norm_eps: 1e-5,
  rope_theta: 10000,
  tie_word_embeddings: false,
};
const V = CONFIG.vocab_size;
const config = readLlamaConfig(JSON.stringify(CONFIG));
// A wide spread (not the 0.02 of training) so logits differ clearly and argmax has no near-ties.
const tensors = initLlamaTensors(config, 11, 0.4);

const dir = mkdtempSync(join(tmpdir(), 'llm-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a file to the temp dir and reads it back as the kernel CLI hands it to an entry. */
function file(name: string, content: Uint8Array | string): LoadedFile {
  const path = join(dir, name);
  writeFileSync(path, content);
  return { name: basename(path), bytes: new Uint8Array(readFileSync(path)) };
}
const checkpoint = writeLlamaCheckpoint(config, tensors);
const files = {
  weights: file('model.safetensors', checkpoint.safetensors),
  config: file('config.json', checkpoint.configJson),
};
const settings = { weights: join(dir, 'model.safetensors'), config: join(dir, 'config.json') };

const tokens = (shape: number[], ids: number[]): NdArray => ndarray('int32', shape, Int32Array.from(ids));

function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let j = 1; j < row.length; j++) if (row[j]! > row[best]!) best = j;
  return best;
}

describe('llm kernel-CLI entries', () => {
  const gpu = useNodeGpu();

  /** The engine called directly, as the entry is documented to call it. */
  async function engineLogits(ids: Int32Array, B: number, S: number): Promise<Float32Array> {
    const weights = LlamaGpuWeights.upload(gpu(), config, tensors);
    const engine = new LlamaInference(gpu(), weights, { batch: B, maxSeq: S, maxRows: B * S });
    try {
      return await engine.logits(
        ids,
        Array.from({ length: B * S }, (_, t) => Math.floor(t / S)),
      );
    } finally {
      engine.destroy();
      weights.destroy();
    }
  }

  it('are registered for `npm run kernel`, with file settings for the checkpoint', () => {
    for (const name of ['llama-logits', 'llama-generate']) {
      const entry = findKernel(name)!;
      expect(entry.name).toBe(name);
      expect(entry.settings.filter((s) => s.kind === 'file').map((s) => s.key)).toEqual(['weights', 'config']);
    }
  });

  it('llama-logits: [B, S] in one prefill and [S], equal to LlamaInference', async () => {
    const ids = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
    const batched = await llamaLogitsKernel.run(gpu(), { tokens: tokens([2, 5], ids) }, settings, files);
    expect(batched.logits!.dtype).toBe('float32');
    expect(batched.logits!.shape).toEqual([2, 5, V]);
    expect(Array.from(batched.logits!.data)).toEqual(Array.from(await engineLogits(Int32Array.from(ids), 2, 5)));

    const single = await llamaLogitsKernel.run(gpu(), { tokens: tokens([5], ids.slice(0, 5)) }, settings, files);
    expect(single.logits!.shape).toEqual([5, V]);
    expect(Array.from(single.logits!.data)).toEqual(
      Array.from(await engineLogits(Int32Array.from(ids.slice(0, 5)), 1, 5)),
    );
  });

  it('llama-logits with weightFormat=f16: every row, equal to the engine on f16 weights', async () => {
    const ids = [3, 1, 4, 1, 5, 9];
    const out = await llamaLogitsKernel.run(
      gpu(),
      { tokens: tokens([2, 3], ids) },
      { ...settings, weightFormat: 'f16' },
      files,
    );
    expect(out.logits!.shape).toEqual([2, 3, V]);
    const engine = LlamaInference.fromTensors(gpu(), config, tensors, { batch: 2, maxSeq: 3, weights: 'f16' });
    try {
      const want = await engine.logits(Int32Array.from(ids), [0, 0, 0, 1, 1, 1]);
      expect(Array.from(out.logits!.data)).toEqual(Array.from(want));
    } finally {
      engine.destroy();
    }
  });

  it('llama-generate greedy: the step-by-step argmax of llama-logits', async () => {
    const prompt = [
      [7, 2, 11],
      [0, 18, 5],
    ];
    const maxNew = 4;
    const out = await llamaGenerateKernel.run(
      gpu(),
      { prompt: tokens([2, 3], prompt.flat()) },
      { ...settings, maxNew },
      files,
    );
    expect(out.tokens!.dtype).toBe('int32');
    expect(out.tokens!.shape).toEqual([2, maxNew]);
    const got = out.tokens!.data;

    const seqs = prompt.map((p) => [...p]);
    for (let step = 0; step < maxNew; step++) {
      const S = seqs[0]!.length;
      const { logits } = await llamaLogitsKernel.run(gpu(), { tokens: tokens([2, S], seqs.flat()) }, settings, files);
      for (let b = 0; b < 2; b++) {
        const last = logits!.data.subarray((b * S + S - 1) * V, (b * S + S) * V);
        expect(got[b * maxNew + step], `sequence ${b}, step ${step}`).toBe(argmax(last));
        seqs[b]!.push(got[b * maxNew + step]!);
      }
    }

    const one = await llamaGenerateKernel.run(
      gpu(),
      { prompt: tokens([3], prompt[1]!) },
      { ...settings, maxNew },
      files,
    );
    expect(one.tokens!.shape).toEqual([maxNew]);
    expect(Array.from(one.tokens!.data)).toEqual(Array.from(got.subarray(maxNew)));
  });

  it('speculative-generate greedy: the same tokens as llama-generate, with a different draft, and accepted counts in range', async () => {
    const draftConfig = readLlamaConfig(
      JSON.stringify({ ...CONFIG, num_hidden_layers: 1, hidden_size: 8, head_dim: 4, intermediate_size: 12 }),
    );
    const draftFiles = writeLlamaCheckpoint(draftConfig, initLlamaTensors(draftConfig, 12, 0.4));
    const all = {
      ...files,
      draftWeights: file('draft.safetensors', draftFiles.safetensors),
      draftConfig: file('draft.json', draftFiles.configJson),
    };
    const s = { ...settings, draftWeights: join(dir, 'draft.safetensors'), draftConfig: join(dir, 'draft.json') };
    const prompt = { prompt: tokens([2, 3], [7, 2, 11, 0, 18, 5]) };
    const want = await llamaGenerateKernel.run(gpu(), prompt, { ...settings, maxNew: 5 }, files);
    const got = await speculativeGenerateKernel.run(gpu(), prompt, { ...s, maxNew: 5, gamma: 2 }, all);
    // Tokens computed in a different number of rows may differ in the last bits; these random
    // logits are far apart (init spread 0.4), so greedy choices agree.
    expect(Array.from(got.tokens!.data)).toEqual(Array.from(want.tokens!.data));
    const acc = Array.from(got.accepted!.data);
    expect(got.accepted!.shape[0]).toBe(2);
    for (const a of acc) expect(a >= -1 && a <= 2).toBe(true);
    await expect(
      speculativeGenerateKernel.run(
        gpu(),
        prompt,
        { ...s, maxNew: 5, gamma: 2 },
        { ...all, draftConfig: file('bad.json', JSON.stringify({ ...CONFIG, vocab_size: 23 })) },
      ),
    ).rejects.toThrow(/draft's vocab_size \(23, bad.json\) differs from the target's \(19, config.json\)/);
  });

  it('llama-generate sampling: a seed reproduces the tokens, and matches LlamaInference.generate', async () => {
    const prompt = { prompt: tokens([4], [1, 2, 3, 4]) };
    const sample = { ...settings, maxNew: 8, greedy: false, temperature: 1.5, topP: 0.95, seed: 7 };
    const a = await llamaGenerateKernel.run(gpu(), prompt, sample, files);
    const b = await llamaGenerateKernel.run(gpu(), prompt, sample, files);
    expect(a.tokens!.shape).toEqual([8]);
    expect(Array.from(b.tokens!.data)).toEqual(Array.from(a.tokens!.data));
    for (const t of a.tokens!.data) expect(t >= 0 && t < V).toBe(true);
    const other = await llamaGenerateKernel.run(gpu(), prompt, { ...sample, seed: 8 }, files);
    expect(Array.from(other.tokens!.data)).not.toEqual(Array.from(a.tokens!.data));

    const weights = LlamaGpuWeights.upload(gpu(), config, tensors);
    const engine = new LlamaInference(gpu(), weights, { batch: 1, maxSeq: 12, maxRows: 4 });
    try {
      const [want] = await engine.generate([Int32Array.of(1, 2, 3, 4)], 8, {
        mode: 'topP',
        temperature: 1.5,
        topP: 0.95,
        seed: 7,
      });
      expect(Array.from(a.tokens!.data)).toEqual(Array.from(want!));
    } finally {
      engine.destroy();
      weights.destroy();
    }
  });

  it('frees every GPU buffer it creates (weights, engine, sampler)', async () => {
    const device = gpu().device;
    const created: { buffer: GPUBuffer; destroyed: boolean }[] = [];
    const original = device.createBuffer.bind(device);
    const spy = vi.spyOn(device, 'createBuffer').mockImplementation((desc: GPUBufferDescriptor) => {
      const buffer = original(desc);
      // Staging buffers for readback belong to the Gpu's pool and are reused, not freed.
      if (desc.usage & GPUBufferUsage.MAP_READ) return buffer;
      const record = { buffer, destroyed: false };
      const destroy = buffer.destroy.bind(buffer);
      buffer.destroy = () => {
        record.destroyed = true;
        destroy();
      };
      created.push(record);
      return buffer;
    });
    try {
      await llamaLogitsKernel.run(gpu(), { tokens: tokens([2, 3], [1, 2, 3, 4, 5, 6]) }, settings, files);
      await llamaGenerateKernel.run(
        gpu(),
        { prompt: tokens([2, 3], [1, 2, 3, 4, 5, 6]) },
        { ...settings, maxNew: 3 },
        files,
      );
    } finally {
      spy.mockRestore();
    }
    await new Promise((r) => setTimeout(r, 0)); // plan teardown runs when their promises settle
    expect(created.length).toBeGreaterThan(Object.keys(tensors).length);
    const leaked = created.filter((c) => !c.destroyed).map((c) => c.buffer.label);
    expect(leaked).toEqual([]);
  });

  it('refuses missing files, malformed safetensors and config, naming the file and field', async () => {
    const t = { tokens: tokens([3], [1, 2, 3]) };
    const run = (f: Record<string, LoadedFile>) => llamaLogitsKernel.run(gpu(), t, settings, f);
    await expect(run({ config: files.config })).rejects.toThrow(
      /llama-logits: the weights setting is required: a \.safetensors file \(--set weights=PATH\.safetensors\)/,
    );
    await expect(run({ weights: files.weights })).rejects.toThrow(/the config setting is required/);
    await expect(run({ ...files, weights: file('junk.safetensors', 'not a safetensors file') })).rejects.toThrow(
      /junk\.safetensors/,
    );
    await expect(run({ ...files, config: file('bad.json', '{ not json') })).rejects.toThrow(
      /bad\.json: not valid JSON/,
    );
    const { vocab_size: _, ...noVocab } = CONFIG;
    await expect(run({ ...files, config: file('novocab.json', JSON.stringify(noVocab)) })).rejects.toThrow(
      /novocab\.json: missing required field "vocab_size"/,
    );
    const scaled = { ...CONFIG, rope_scaling: { rope_type: 'llama3', factor: 8 } };
    await expect(run({ ...files, config: file('scaled.json', JSON.stringify(scaled)) })).rejects.toThrow(
      /scaled\.json: "rope_scaling" .* is not supported/,
    );
    const bad: Record<string, LoadedFile>[] = [
      {},
      { config: files.config },
      { ...files, config: file('bad2.json', '[]') },
    ];
    for (const f of bad) await expect(run(f)).rejects.toThrow(UserInputError);
  });

  it('refuses a config that does not match the tensors, naming the tensor', async () => {
    const wider = file('wider.json', JSON.stringify({ ...CONFIG, intermediate_size: 32 }));
    await expect(
      llamaLogitsKernel.run(gpu(), { tokens: tokens([3], [1, 2, 3]) }, settings, { ...files, config: wider }),
    ).rejects.toThrow(
      /model\.safetensors does not match the config: tensor model\.layers\.0\.mlp\.gate_proj\.weight has shape \[24, 16\], expected \[32, 16\]/,
    );
    const tied = file('tied.json', JSON.stringify({ ...CONFIG, tie_word_embeddings: true }));
    await expect(
      llamaLogitsKernel.run(gpu(), { tokens: tokens([3], [1, 2, 3]) }, settings, { ...files, config: tied }),
    ).rejects.toThrow(/model\.safetensors does not match the config: .*lm_head\.weight/);
  });

  it('refuses token ids outside the vocabulary and sequences past max_position_embeddings', async () => {
    await expect(
      llamaLogitsKernel.run(gpu(), { tokens: tokens([2, 3], [1, 2, 3, 4, 5, V]) }, settings, files),
    ).rejects.toThrow(/llama-logits: tokens\[1, 2\] = 19 is outside \[0, 19\) \(vocab_size in config\.json\)/);
    await expect(
      llamaGenerateKernel.run(gpu(), { prompt: tokens([3], [1, -1, 3]) }, { ...settings, maxNew: 2 }, files),
    ).rejects.toThrow(/llama-generate: prompt\[1\] = -1 is outside \[0, 19\)/);
    await expect(
      llamaGenerateKernel.run(gpu(), { prompt: tokens([3], [1, 2, 3]) }, { ...settings, maxNew: 14 }, files),
    ).rejects.toThrow(/S \+ maxNew = 3 \+ 14 = 17 positions exceed max_position_embeddings 16 in config\.json/);
    await expect(llamaLogitsKernel.run(gpu(), { tokens: ndarray('float32', [3]) }, settings, files)).rejects.toThrow(
      /tokens is float32, expected tokens int32 \[B, S\] or \[S\]/,
    );
    await expect(
      llamaGenerateKernel.run(gpu(), { prompt: tokens([3], [1, 2, 3]) }, { ...settings, maxNew: 0 }, files),
    ).rejects.toThrow(UserInputError);
  });
});
