// The kernel CLI end to end: real .npy files in, real GPU run (dawn.node), .npy out, compared with
// a plain JS matmul computed here; and a Llama checkpoint passed as file settings (--set
// weights=PATH --set config=PATH), its logits compared with the f64 reference model.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeNpy, parseNpy } from '../src/data/npy';
import { ndarray, type NdArray } from '../src/data/ndarray';
import { compareArrays } from '../src/kernels/compare';
import { initLlamaTensors, readLlamaConfig, writeLlamaCheckpoint } from '../src/kernels/llm';
import { llamaForward } from '../src/kernels/llm/llamaForward.reference';
import { spawnCli } from './spawnCli';

const dir = mkdtempSync(join(tmpdir(), 'kernel-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const kernelCli = (...args: string[]) => spawnCli('cli/kernel.ts', args);

function writeNpy(name: string, a: NdArray): string {
  const path = join(dir, name);
  writeFileSync(path, encodeNpy(a));
  return path;
}

/** A little-endian float64 or int64 .npy file, as numpy writes by default (encodeNpy writes 32-bit only). */
function writeWideNpy(name: string, descr: '<f8' | '<i8', shape: number[], values: number[] | bigint[]): string {
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${dims}, }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const body = descr === '<f8' ? new Float64Array(values as number[]) : new BigInt64Array(values as bigint[]);
  const out = new Uint8Array(10 + header.length + body.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(body.buffer), 10 + header.length);
  const path = join(dir, name);
  writeFileSync(path, out);
  return path;
}

/** Deterministic, non-trivial values (signs and magnitudes vary) without a seeded RNG dependency. */
function filled(shape: [number, number], phase: number): NdArray {
  const a = ndarray('float32', shape);
  for (let i = 0; i < a.data.length; i++) a.data[i] = Math.sin(i * 0.37 + phase) * (1 + (i % 7));
  return a;
}

function referenceMatmul(a: NdArray, b: NdArray): Float64Array {
  const [M, K] = a.shape as [number, number];
  const N = b.shape[1]!;
  const c = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += a.data[i * K + k]! * b.data[k * N + j]!;
      c[i * N + j] = s;
    }
  }
  return c;
}

describe('npm run kernel', () => {
  it('--list names matmul with its inputs and outputs', async () => {
    const r = await kernelCli('--list');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^matmul — /m);
    expect(r.stdout).toContain('a float32 [M, K]');
    expect(r.stdout).toContain('c float32 [M, N]');
  });

  it('runs matmul on awkward shapes (17×33 · 33×5) and matches a JS reference', async () => {
    const a = filled([17, 33], 0.1);
    const b = filled([33, 5], 1.3);
    const out = join(dir, 'out');
    const r = await kernelCli(
      'matmul',
      '--in',
      `a=${writeNpy('a.npy', a)}`,
      '--in',
      `b=${writeNpy('b.npy', b)}`,
      '--out',
      out,
    );
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`c: float32 [17, 5] -> ${join(out, 'c.npy')}`);
    expect(r.stdout).toMatch(/wall time: [\d.]+ ms \[measured;/);

    const c = parseNpy(readFileSync(join(out, 'c.npy')), 'c.npy');
    expect(c.dtype).toBe('float32');
    expect(c.shape).toEqual([17, 5]);
    const want = referenceMatmul(a, b);
    let maxAbs = 0;
    for (let i = 0; i < want.length; i++) maxAbs = Math.max(maxAbs, Math.abs(c.data[i]! - want[i]!));
    expect(maxAbs).toBeLessThanOrEqual(1e-4);
  });

  it("accepts numpy's default float64 inputs, converting them to float32 with a note", async () => {
    const a = filled([3, 4], 0.3);
    const b = filled([4, 2], 0.9);
    const out = join(dir, 'out64');
    const r = await kernelCli(
      'matmul',
      '--in',
      `a=${writeWideNpy('a64.npy', '<f8', [3, 4], Array.from(a.data))}`,
      '--in',
      `b=${writeWideNpy('b64.npy', '<f8', [4, 2], Array.from(b.data))}`,
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/note: input a \(.*a64\.npy\) is float64 \(numpy's default\); converted to float32/);
    expect(r.stderr).toMatch(/note: input b \(.*b64\.npy\) is float64/);
    const c = parseNpy(readFileSync(join(out, 'c.npy')), 'c.npy');
    const want = referenceMatmul(a, b);
    for (let i = 0; i < want.length; i++) expect(Math.abs(c.data[i]! - want[i]!)).toBeLessThanOrEqual(1e-4);
  });

  it('refuses an int64 value that does not fit int32, with exit 2 naming it', async () => {
    const i64 = writeWideNpy('big.npy', '<i8', [2, 2], [1n, 2n, 3n, 1n << 40n]);
    const b = writeNpy('b64b.npy', filled([2, 2], 0));
    const r = await kernelCli('matmul', '--in', `a=${i64}`, '--in', `b=${b}`, '--out', join(dir, 'bad64'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /error: input a \(.*big\.npy\): int64 value 1099511627776 at flat index 3 does not fit int32/,
    );
  });

  it('narrows an integer-valued float64 file straight to an int32 input, and names a value that is not', async () => {
    // CSR of 3 nodes: 0 → {1, 2}, 1 → {}, 2 → {0}; spmm-sum row i adds x over i's out-neighbours.
    const x = ndarray('float32', [3, 2], new Float32Array([1, 2, 10, 20, 100, 200]));
    const xPath = writeNpy('x-csr.npy', x);
    const indices = writeWideNpy('indices64.npy', '<f8', [3], [1, 2, 0]);
    const out = join(dir, 'csr64');
    const ok = await kernelCli(
      'spmm-sum',
      '--in',
      `indptr=${writeWideNpy('indptr64.npy', '<f8', [4], [0, 2, 2, 3])}`,
      '--in',
      `indices=${indices}`,
      '--in',
      `x=${xPath}`,
      '--out',
      out,
    );
    expect(ok.stderr).toMatch(
      /note: input indptr \(.*indptr64\.npy\) is float64 .*converted to int32 \(every value fits\)/,
    );
    expect(ok.code).toBe(0);
    expect(Array.from(parseNpy(readFileSync(join(out, 'out.npy'))).data)).toEqual([110, 220, 0, 0, 1, 2]);

    const frac = writeWideNpy('indptr-frac.npy', '<f8', [4], [0, 1.5, 2, 3]);
    const bad = await kernelCli(
      'spmm-sum',
      '--in',
      `indptr=${frac}`,
      '--in',
      `indices=${indices}`,
      '--in',
      `x=${xPath}`,
      '--out',
      out,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /input indptr \(.*indptr-frac\.npy\): float64 value 1\.5 at flat index 1 is not an integer/,
    );
    expect(bad.stderr).not.toMatch(/converted to|is float32, expected int32/);
  });

  it("names the file's own dtype when a converted input still does not match", async () => {
    const i64 = writeWideNpy('small64.npy', '<i8', [2, 2], [1n, 2n, 3n, 4n]);
    const b = writeNpy('b64c.npy', filled([2, 2], 0));
    const r = await kernelCli('matmul', '--in', `a=${i64}`, '--in', `b=${b}`, '--out', join(dir, 'bad64c'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/input a \(.*small64\.npy\) is int64, expected float32/);
    expect(r.stderr).not.toMatch(/converted to int32/);
  });

  it('rejects mismatched inner dimensions with exit 2 and the shapes', async () => {
    const a = writeNpy('a2.npy', filled([4, 6], 0));
    const b = writeNpy('b2.npy', filled([7, 3], 0));
    const r = await kernelCli('matmul', '--in', `a=${a}`, '--in', `b=${b}`, '--out', join(dir, 'bad'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*inner dimensions/m);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('rejects a malformed .npy file with exit 2 naming the input', async () => {
    const bad = join(dir, 'garbage.npy');
    writeFileSync(bad, 'this is not numpy');
    const b = writeNpy('b3.npy', filled([3, 3], 0));
    const r = await kernelCli('matmul', '--in', `a=${bad}`, '--in', `b=${b}`, '--out', join(dir, 'bad'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: input a (${bad}): not a .npy file`);
  });

  it('rejects wrong dtype, wrong rank, missing and unknown inputs, and missing files with exit 2', async () => {
    const f = writeNpy('f.npy', filled([3, 3], 0));
    const i32 = writeNpy('i.npy', ndarray('int32', [3, 3]));
    const vec = writeNpy('v.npy', ndarray('float32', [9]));
    const cases: [string[], RegExp][] = [
      [['--in', `a=${i32}`, '--in', `b=${f}`], /input a .* is int32, expected float32/],
      [['--in', `a=${vec}`, '--in', `b=${f}`], /input a .* has shape \[9\] \(rank 1\), expected rank 2: \[M, K\]/],
      [['--in', `a=${f}`], /missing input for matmul: --in b=FILE\.npy \(float32 \[K, N\]\)/],
      [['--in', `a=${f}`, '--in', `b=${f}`, '--in', `x=${f}`], /kernel matmul has no input "x"; inputs: a, b/],
      [
        ['--in', `a=${join(dir, 'absent.npy')}`, '--in', `b=${f}`],
        /input a: cannot read .*absent\.npy: file not found/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await kernelCli('matmul', ...args, '--out', join(dir, 'bad'));
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it('rejects an unknown kernel, listing the known ones', async () => {
    const r = await kernelCli('matmull', '--out', dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: unknown kernel "matmull"; known: matmul');
  });

  it('llama-logits reads a checkpoint through --set weights=… --set config=… and matches the f64 reference', async () => {
    const config = readLlamaConfig(
      JSON.stringify({
        vocab_size: 13,
        hidden_size: 8,
        intermediate_size: 12,
        num_hidden_layers: 1,
        num_attention_heads: 2,
        num_key_value_heads: 1,
        max_position_embeddings: 16,
        rms_norm_eps: 1e-5,
      }),
    );
    const tensors = initLlamaTensors(config, 5, 0.3);
    const files = writeLlamaCheckpoint(config, tensors);
    const weights = join(dir, 'model.safetensors');
    const configPath = join(dir, 'config.json');
    writeFileSync(weights, files.safetensors);
    writeFileSync(configPath, files.configJson);
    const ids = Int32Array.of(1, 12, 3, 0, 7, 5);
    const tokens = writeNpy('tokens.npy', ndarray('int32', [2, 3], ids));
    const out = join(dir, 'llama');
    const args = ['--in', `tokens=${tokens}`, '--set', `weights=${weights}`, '--set', `config=${configPath}`];

    const r = await kernelCli('llama-logits', ...args, '--out', out);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`logits: float32 [2, 3, 13] -> ${join(out, 'logits.npy')}`);
    const logits = parseNpy(readFileSync(join(out, 'logits.npy')), 'logits.npy');
    expect(logits.shape).toEqual([2, 3, 13]);
    const shape = {
      hiddenSize: 8,
      intermediateSize: 12,
      numHeads: 2,
      numKvHeads: 1,
      numLayers: 1,
      vocabSize: 13,
      rmsNormEps: 1e-5,
      ropeTheta: 10000,
      tieWordEmbeddings: false,
    };
    const w64 = Object.fromEntries(Object.entries(tensors).map(([k, v]) => [k, Float64Array.from(v)]));
    const want = llamaForward(shape, w64, { tokens: ids, batch: 2, seqLen: 3 }).logits;
    const check = compareArrays('llama-logits', logits.data, want, { atol: 2e-5, rtol: 2e-5 });
    expect(check.passed, check.detail).toBe(true);

    const missing = await kernelCli(
      'llama-logits',
      ...args,
      '--set',
      `weights=${join(dir, 'absent.safetensors')}`,
      '--out',
      out,
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: weights: cannot read .*absent\.safetensors: file not found/m);
  }, 120_000);
});
