// Uniform packing: numbers are little-endian u32 words, { f32 } words are floats, and the buffer
// is padded to 16-byte multiples as uniform buffers require.
import { describe, expect, it } from 'vitest';
import { packUniform, u32s } from './uniforms';

describe('packUniform', () => {
  it('lays out u32 and f32 words in order, little-endian, padded to 16 bytes', () => {
    const buf = packUniform([1, { f32: 0.5 }, 0xffffffff, -1]);
    expect(buf.byteLength).toBe(16);
    const view = new DataView(buf);
    expect(view.getUint32(0, true)).toBe(1);
    expect(view.getFloat32(4, true)).toBe(0.5);
    expect(view.getUint32(8, true)).toBe(0xffffffff);
    expect(view.getUint32(12, true)).toBe(0xffffffff); // -1 wraps to the u32 with all bits set
    expect(packUniform([1, 2, 3, 4, 5]).byteLength).toBe(32);
    expect(packUniform([]).byteLength).toBe(16);
  });
  it('u32s packs integers only', () => {
    expect(Array.from(new Uint32Array(u32s(7, 8, 9)))).toEqual([7, 8, 9, 0]);
  });
});
