// The quantiser on dawn.node against the f64 reference on awkward shapes (rows 1, 7, 33; h 5, 64,
// 130, so 4-bit and 2-bit rows end in padding), for 2, 4 and 8 bits: codes and packed bytes equal
// (a code may differ by one only where x / scale · 2^(b−1) sits within 1e-4 of a rounding
// boundary, since the GPU's division need not be correctly rounded), x̂ equal where the codes are,
// scales equal; ties round half to even; zero channels come back zero; and the reference's own
// error bound. Rows 65 and 129 span two and three 64-row chunks of the scale pass, with a channel
// whose max sits in the last chunk. Refuses NaN / ±Inf; a failed bind group frees its uniform.
import { describe, expect, it } from 'vitest';
import { refuseBindGroups, useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { BufferSet } from '../../gpu/resources';
import { planDequantize, quantizeRoundtrip, type QuantBits } from './quantize';
import { codePosition, quantizeReference, roundHalfEven, unpackCodesReference } from './quantize.reference';

function activations(rows: number, h: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const x = Float32Array.from({ length: rows * h }, () => rng.uniform(-3, 3));
  // A zero channel and a channel with one outlier.
  for (let r = 0; r < rows; r++) x[r * h + (h > 2 ? 2 : 0)] = 0;
  if (h > 3) x[h - 1] = 40;
  // Past the first 64-row chunk of the scale pass: channel 1's max lies in the last row.
  if (rows > 64 && h > 1) x[(rows - 1) * h + 1] = -25;
  return x;
}

describe('quantize roundtrip', () => {
  const gpu = useNodeGpu();
  for (const bits of [2, 4, 8] as QuantBits[]) {
    for (const [rows, h] of [
      [1, 5],
      [7, 130],
      [33, 64],
      [65, 5],
      [129, 7],
    ] as const) {
      it(`${bits} bits, [${rows}, ${h}]`, async () => {
        const x = activations(rows, h, rows * 1000 + h + bits);
        const got = await quantizeRoundtrip(gpu(), x, { rows, h, bits });
        const ref = quantizeReference(x, rows, h, bits);
        expect(Array.from(got.scale)).toEqual(Array.from(ref.scale, Math.fround));
        if (rows > 64) expect(got.scale[1]).toBe(25);
        const codes = unpackCodesReference(got.packed, rows, h, bits);
        let exact = 0;
        for (let i = 0; i < rows * h; i++) {
          if (codes[i] === ref.codes[i]) {
            exact++;
            expect(got.xhat[i], `x̂[${i}]`).toBe(ref.xhat[i]);
            continue;
          }
          const pos = codePosition(x[i]!, ref.scale[i % h]!, bits);
          const distance = Math.abs(pos - Math.floor(pos) - 0.5);
          expect(distance, `code ${i}: ${codes[i]} vs ${ref.codes[i]} at ${pos}`).toBeLessThan(1e-4);
          expect(Math.abs(codes[i]! - ref.codes[i]!)).toBe(1);
        }
        expect(exact).toBeGreaterThan(0.99 * rows * h);
        // Padding codes are 0 and the layout reads back: the packed bytes equal the reference's
        // wherever the codes agree, so compare whole bytes when every code agreed.
        if (exact === rows * h) expect(Array.from(got.packed)).toEqual(Array.from(ref.packed));
        // The zero channel reconstructs as zero.
        for (let r = 0; r < rows; r++) expect(got.xhat[r * h + (h > 2 ? 2 : 0)]).toBe(0);
      });
    }
  }

  it('rounds halves to even, as torch.round does (power-of-two scale, exact divisions)', async () => {
    // Channel 0 has max |x| = 1, so x / scale · 128 is exact: ±0.5, ±1.5, ±2.5 → 0, 2, 2.
    const halves = [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 1];
    const x = Float32Array.from(halves, (v) => (v === 1 ? 1 : v / 128));
    const got = await quantizeRoundtrip(gpu(), x, { rows: x.length, h: 1, bits: 8 });
    const codes = Array.from(got.packed, (q) => q - 128);
    expect(codes).toEqual([0, 2, 2, 0, -2, -2, 127]);
    expect(codes.slice(0, 6)).toEqual(halves.slice(0, 6).map((v) => roundHalfEven(v) + 0));
  });

  it('refuses NaN and ±Inf', async () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const x = Float32Array.of(1, 2, 3, bad);
      await expect(quantizeRoundtrip(gpu(), x, { rows: 2, h: 2, bits: 8 })).rejects.toThrow(/element 3 is not finite/);
    }
  });

  it('a dequantise plan whose bind group fails frees its uniform', async () => {
    const g = gpu();
    const owned = new BufferSet();
    const { made, restore } = refuseBindGroups(g);
    try {
      const buf = (n: number) => owned.add(g.createBuffer(n, 'test.buf'));
      const shape = { rows: 2, h: 3, bits: 8 as QuantBits };
      await expect(planDequantize(g, { packed: buf(8), scale: buf(12), out: buf(24) }, shape)).rejects.toThrow(
        'bind group refused',
      );
      expect(made.length).toBe(1);
      expect(made[0]!.destroy).toHaveBeenCalled();
    } finally {
      restore();
      owned.destroy();
    }
  });

  it('refuses bits outside {2, 4, 8} and a length that does not match the shape', async () => {
    await expect(
      quantizeRoundtrip(gpu(), new Float32Array(4), { rows: 2, h: 2, bits: 3 as QuantBits }),
    ).rejects.toThrow(/bits=3 must be 2, 4 or 8/);
    await expect(quantizeRoundtrip(gpu(), new Float32Array(5), { rows: 2, h: 2, bits: 8 })).rejects.toThrow(
      /x has 5 values, expected \[2, 2\]/,
    );
  });
});

describe('quantize reference properties', () => {
  it('half a step of error below the top code, a full step at most above it; zero channels stay zero', () => {
    const rng = createRng(5);
    for (const bits of [2, 4, 8] as QuantBits[]) {
      const rows = 50;
      const h = 9;
      const x = Float64Array.from({ length: rows * h }, (_, i) => (i % h === 4 ? 0 : rng.uniform(-2, 2)));
      const ref = quantizeReference(x, rows, h, bits);
      const mid = 2 ** (bits - 1);
      for (let i = 0; i < x.length; i++) {
        const step = ref.scale[i % h]! / mid;
        const err = Math.abs(x[i]! - ref.xhat[i]!);
        // Codes reach only (mid − 1) · step on the positive side: the clip costs up to one step there.
        const bound = x[i]! > (mid - 0.5) * step ? step : step / 2;
        expect(err).toBeLessThanOrEqual(bound * (1 + 1e-6) + 1e-7);
        if (i % h === 4) expect(ref.xhat[i]).toBe(0);
      }
    }
  });
  it('rounds half to even', () => {
    expect([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 2.4, 2.6].map((v) => roundHalfEven(v) + 0)).toEqual([
      -2, -2, 0, 0, 2, 2, 2, 3,
    ]);
  });
});
