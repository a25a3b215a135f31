import { describe, expect, it } from 'vitest';
import * as data from './index';

describe('src/data public API', () => {
  it('re-exports every module', () => {
    for (const k of ['ndarray', 'sizeOf', 'createRng', 'Pcg32', 'pcgHash', 'hashFloat', 'hashUniform', 'fillUniform',
      'parseNpy', 'encodeNpy', 'NpyFormatError', 'parseNumericCsv', 'parseEdgeList', 'CsvFormatError'] as const) {
      expect(data[k], k).toBeDefined();
    }
  });
});
