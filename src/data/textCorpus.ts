// A text corpus for training small language models: the bytes of a UTF-8 file split into training and
// validation parts. The split is deterministic (the last fraction of the file is validation, like
// nanoGPT's 90/10 split), so every run and every device scores the same held-out text. Loading the
// file is left to the caller (browser fetch or fs); the shipped corpus is described below.
import { UserInputError } from '../core/errors';

/** The corpus shipped under public/ (see public/data/text/README.md for source and licence). */
export const TEXT_CORPUS = {
  /** Path relative to public/ (the site root in the browser). */
  file: 'data/text/austen.txt',
  bytes: 1_825_316,
  description: "Jane Austen's Sense and Sensibility, Pride and Prejudice and Persuasion (ASCII text)",
} as const;

export interface CorpusSplit {
  train: Uint8Array;
  validation: Uint8Array;
}

/**
 * Splits `bytes` into train (the start) and validation (the last `validationFraction`, default 0.1).
 * The cut moves back to the start of a UTF-8 character, so both parts decode cleanly. Both parts are
 * views into `bytes`, not copies.
 */
export function splitCorpus(bytes: Uint8Array, validationFraction = 0.1): CorpusSplit {
  if (!(validationFraction > 0 && validationFraction < 1)) {
    throw new UserInputError(`validation fraction must be between 0 and 1 (exclusive), got ${validationFraction}`);
  }
  if (bytes.length < 2) throw new UserInputError(`corpus has ${bytes.length} bytes, too few to split`);
  let cut = Math.min(bytes.length - 1, Math.max(1, Math.round(bytes.length * (1 - validationFraction))));
  // 10xxxxxx is a UTF-8 continuation byte: back up (at most 3 bytes) to the character's lead byte.
  for (let k = 0; k < 3 && cut > 1 && (bytes[cut]! & 0xc0) === 0x80; k++) cut--;
  return { train: bytes.subarray(0, cut), validation: bytes.subarray(cut) };
}

/**
 * The shipped corpus as bytes. Imported lazily as text (its own chunk in the browser bundle, read
 * from disk by the Node CLI and tests), then UTF-8 encoded: the file is ASCII, so the bytes are
 * the file's bytes.
 */
export async function loadTextCorpus(): Promise<Uint8Array> {
  const text = (await import('../../public/data/text/austen.txt?raw')).default;
  return new TextEncoder().encode(text);
}
