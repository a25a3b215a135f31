import { describe, expect, it } from 'vitest';
import * as data from './index';

describe('src/data public API', () => {
  it('re-exports every module', () => {
    for (const k of [
      'ndarray',
      'sizeOf',
      'createRng',
      'Pcg32',
      'pcgHash',
      'hashFloat',
      'hashUniform',
      'fillUniform',
      'parseNpy',
      'encodeNpy',
      'NpyFormatError',
      'parseNumericCsv',
      'parseEdgeList',
      'CsvFormatError',
      'parseSafetensors',
      'parseSafetensorsHeader',
      'safetensorsHeaderSize',
      'encodeSafetensors',
      'safetensorsToFloat32',
      'safetensorsToInt32',
      'safetensorsToFloat16Bits',
      'SafetensorsFormatError',
      'SAFETENSORS_DTYPE_SIZE',
      'SAFETENSORS_MAX_HEADER_BYTES',
      'f16ToF32',
      'f32ToF16',
      'bf16ToF32',
      'f32ToBf16',
      'parseLlamaConfig',
      'serializeLlamaConfig',
      'llamaConfigToJson',
      'LlamaConfigError',
      'llamaTensorNames',
      'checkLlamaTensors',
      'llamaParameterCounts',
      'BYTE_VOCAB_SIZE',
      'encodeBytes',
      'decodeBytes',
      'splitCorpus',
      'TEXT_CORPUS',
      'loadTextCorpus',
    ] as const) {
      expect(data[k], k).toBeDefined();
    }
  });
});
