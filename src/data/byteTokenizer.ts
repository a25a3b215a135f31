// Byte-level tokenizer: token id = one byte of the text's UTF-8 encoding, so the vocabulary is the 256
// byte values and every string round-trips. The simplest tokenizer a small LLM can train on, with no
// vocabulary file; decoding a sequence that is not valid UTF-8 (a model's sample, a cut-off window)
// replaces each bad sequence with U+FFFD instead of failing.
import { UserInputError } from '../core/errors';

export const BYTE_VOCAB_SIZE = 256;

/** UTF-8 bytes of `text` as token ids 0..255. */
export function encodeBytes(text: string): Int32Array {
  return Int32Array.from(new TextEncoder().encode(text));
}

/** Text of token ids 0..255 read as UTF-8; invalid sequences become U+FFFD. Throws on ids outside 0..255. */
export function decodeBytes(ids: ArrayLike<number>): string {
  const bytes = new Uint8Array(ids.length);
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k]!;
    if (!Number.isInteger(id) || id < 0 || id >= BYTE_VOCAB_SIZE) {
      throw new UserInputError(`token ${k} is ${id}, not a byte id (0..${BYTE_VOCAB_SIZE - 1})`);
    }
    bytes[k] = id;
  }
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes);
}
