import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { dotInteraction, dotInteractionBackward, interactionWidth } from './dotInteraction';
import { dotInteractionBackwardReference, dotInteractionReference } from './dotInteraction.reference';
import { BACKWARD, expectClose, FORWARD, uniform } from './fixtures';

describe('dot interaction reference', () => {
  it('backward matches finite differences of L = Σ z · g', () => {
    const [B, T, dim] = [2, 3, 2];
    const x = Array.from(uniform(1, B * dim));
    const e = Array.from(uniform(2, B * T * dim));
    const g = Array.from(uniform(3, B * interactionWidth({ T, dim })));
    const loss = (xx: number[], ee: number[]) =>
      dotInteractionReference(xx, ee, B, T, dim).reduce((s, z, i) => s + z * g[i]!, 0);
    const { dx, de } = dotInteractionBackwardReference(x, e, g, B, T, dim);
    const h = 1e-6;
    for (let i = 0; i < x.length; i++) {
      const p = x.slice();
      const m = x.slice();
      p[i] += h;
      m[i] -= h;
      expect(Math.abs(dx[i]! - (loss(p, e) - loss(m, e)) / (2 * h))).toBeLessThan(1e-7);
    }
    for (let i = 0; i < e.length; i++) {
      const p = e.slice();
      const m = e.slice();
      p[i] += h;
      m[i] -= h;
      expect(Math.abs(de[i]! - (loss(x, p) - loss(x, m)) / (2 * h))).toBeLessThan(1e-7);
    }
  });
});

describe('dot interaction (GPU) vs the f64 reference', () => {
  const gpu = useNodeGpu();
  for (const { B, T, dim } of [
    { B: 1, T: 1, dim: 1 },
    { B: 3, T: 2, dim: 5 },
    { B: 5, T: 7, dim: 3 },
    { B: 2, T: 4, dim: 67 },
  ]) {
    it(`B=${B} T=${T} dim=${dim}: forward and backward`, async () => {
      const x = uniform(B + 1, B * dim);
      const e = uniform(T + 2, B * T * dim);
      const dz = uniform(dim + 3, B * interactionWidth({ T, dim }));
      expectClose(
        'z',
        await dotInteraction(gpu(), x, e, { B, T, dim }),
        dotInteractionReference(x, e, B, T, dim),
        FORWARD,
      );
      const got = await dotInteractionBackward(gpu(), x, e, dz, { B, T, dim });
      const want = dotInteractionBackwardReference(x, e, dz, B, T, dim);
      expectClose('dx', got.dx, want.dx, BACKWARD);
      expectClose('de', got.de, want.de, BACKWARD);
    });
  }
});
