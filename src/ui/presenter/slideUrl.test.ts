import { describe, expect, it } from 'vitest';
import { readSlide } from './slideUrl';

describe('slide in the URL', () => {
  it('reads a 1-based slide number and ignores anything else', () => {
    expect(readSlide('?exp=roofline&slide=3')).toBe(3);
    expect(readSlide('?exp=roofline')).toBeNull();
    expect(readSlide('?slide=0')).toBeNull();
    expect(readSlide('?slide=-2')).toBeNull();
    expect(readSlide('?slide=two')).toBeNull();
  });
});
