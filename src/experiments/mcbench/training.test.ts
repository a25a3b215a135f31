// Training with compressed activations: the settings → hook options mapping (always), and on
// dawn.node the smallest model, two steps, the chosen compressor in its three settings beside the
// uncompressed run (same weights and batches): the shape of the result and no NaN; loss
// differences at this size are noise. The GPU part builds four trainers (about 30 s of CPU on
// SwiftShader, minutes on a loaded machine), so it runs only with MCBENCH_TRAINING_TEST=1.
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { defaultValues } from '../../core/params';
import { runExperiment } from '../runner';
import { mcbench } from './index';
import { trainingSettings } from './kernelRun';
import { hookOptions } from './trainingRun';
import { tinyConfig } from './tinyModel';

const defaults = defaultValues(mcbench.params);

describe('compressed training settings', () => {
  it('later layers, all layers and the pipeline boundary, as the code places them', () => {
    const config = tinyConfig(32, 4, 8);
    const methods = [
      { kind: 'ae' as const, aeDim: 3 },
      { kind: 'quant' as const, bits: 8 },
    ];
    const s = trainingSettings({ ...defaults, method: 'ae' }, methods, 32);
    expect(s.map((x) => x.where)).toEqual(['later', 'all', 'pipeline']);
    expect(s[2]!.method.aeDim).toBe(2); // the pipeline code width: 50 of 1024, scaled to 32
    expect(hookOptions(s[0]!, config, 2)).toEqual({
      tensorParallel: { partitions: 2, compressor: { kind: 'ae', dim: 3, seed: 7 }, fromLayer: 2 },
    });
    expect(hookOptions(s[1]!, config, 2)!.tensorParallel!.fromLayer).toBe(0);
    expect(hookOptions(s[2]!, config, 2)!.pipeline!.afterLayer).toBe(1);
    expect(trainingSettings({ ...defaults, trainSet: 'all' }, methods, 32)).toHaveLength(6);
    expect(trainingSettings({ ...defaults, trainSet: 'none' }, methods, 32)).toEqual([]);
  });
});

describe.skipIf(!process.env.MCBENCH_TRAINING_TEST)('compressed training (dawn.node)', () => {
  const gpu = useNodeGpu();
  it('trains the uncompressed model and the chosen compressor three ways', { timeout: 240_000 }, async () => {
    const values = {
      ...defaults,
      method: 'quant',
      bits: '8',
      measureRows: 16,
      measureHidden: 16,
      trainSteps: 2,
      modelWidth: 16,
      modelLayers: 2,
      trainSeq: 4,
      trainBatch: 1,
      tpParts: 1,
    };
    const progress: string[] = [];
    const r = await runExperiment(mcbench, values, {
      gpu: gpu(),
      seed: 5,
      onProgress: (_, m) => m && progress.push(m),
    });
    const t = r.tables.find((x) => x.id === 'compressed-training')!;
    expect(t.rows.map((row) => row[1])).toEqual([
      'uncompressed',
      'tensor parallel, layer 2',
      'tensor parallel, all 2 layers',
      'pipeline boundary after layer 1',
    ]);
    for (const row of t.rows) expect(Number.isFinite(Number(row[2]))).toBe(true);
    expect(t.rows[0]![3]).toBe(0);
    expect(progress.some((m) => m.startsWith('training with 8-bit quantisation'))).toBe(true);
  });
});
