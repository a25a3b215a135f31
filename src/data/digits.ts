// The real data set shipped with the workbench: scikit-learn's copy of the UCI optical
// handwritten digits (1797 images of 8×8 pixels, values 0..16, 10 classes; see
// public/data/README.md for source and licence). The CSV is imported lazily as text, so it becomes
// its own chunk in the browser bundle and is read from disk by the Node CLI and tests.
import { parseVectorFile, type VectorSet } from './vectorFile';

export const DIGITS_FILE = 'digits.csv';

export async function loadDigits(): Promise<VectorSet & { labels: Int32Array }> {
  const text = (await import('../../public/data/digits.csv?raw')).default;
  const set = parseVectorFile(new TextEncoder().encode(text), DIGITS_FILE, { labelColumn: -1 });
  return set as VectorSet & { labels: Int32Array };
}
