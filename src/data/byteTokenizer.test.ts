// Tests for the byte-level tokenizer: UTF-8 round trips (ASCII, accents, CJK, emoji, lone surrogates)
// and U+FFFD replacement when decoding byte sequences that are not valid UTF-8.
import { describe, expect, it } from 'vitest';
import { UserInputError } from '../core/errors';
import { BYTE_VOCAB_SIZE, decodeBytes, encodeBytes } from './byteTokenizer';

describe('byte tokenizer', () => {
  it('has 256 ids', () => {
    expect(BYTE_VOCAB_SIZE).toBe(256);
  });

  it('encodes text as its UTF-8 bytes', () => {
    const ids = encodeBytes('Hi é€😀');
    expect(ids).toBeInstanceOf(Int32Array);
    expect(Array.from(ids)).toEqual([0x48, 0x69, 0x20, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
    expect(encodeBytes('').length).toBe(0);
  });

  it('round-trips multi-byte UTF-8', () => {
    for (const text of [
      '',
      'plain ASCII\n\ttext',
      'naïve café',
      'Ελληνικά',
      '日本語のテキスト',
      '👩‍👩‍👧 🇬🇧 😀',
      '\u0000\u007f\u0080\uffff',
    ]) {
      expect(decodeBytes(encodeBytes(text))).toBe(text);
    }
    expect(decodeBytes([0xef, 0xbb, 0xbf, 0x41])).toBe('\ufeffA'); // a leading BOM is kept, not swallowed
  });

  it('replaces invalid sequences with U+FFFD', () => {
    expect(decodeBytes([0x41, 0xff, 0x42])).toBe('A\ufffdB');
    expect(decodeBytes([0xe2, 0x82])).toBe('\ufffd'); // truncated 3-byte sequence at the end
    expect(decodeBytes([0x80, 0x41])).toBe('\ufffdA'); // stray continuation byte
    expect(decodeBytes([0xc0, 0xaf])).toBe('\ufffd\ufffd'); // overlong encoding of '/'
    expect(decodeBytes(encodeBytes('a\ud800b'))).toBe('a\ufffdb'); // lone surrogate encodes as U+FFFD
    expect(decodeBytes(encodeBytes('é€😀').subarray(1))).toBe('\ufffd€😀'); // a window cut mid-character
  });

  it('rejects ids outside 0..255', () => {
    expect(() => decodeBytes([65, 256])).toThrow(UserInputError);
    expect(() => decodeBytes([65, 256])).toThrow(/token 1 is 256, not a byte id \(0\.\.255\)/);
    expect(() => decodeBytes([-1])).toThrow(/token 0 is -1/);
    expect(() => decodeBytes([1.5])).toThrow(/token 0 is 1.5/);
  });
});
