import { describe, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { biasAct, biasGrad, reluBackward, sgd } from './denseOps';
import { biasActReference, biasGradReference, reluBackwardReference, sgdReference } from './denseOps.reference';
import { BACKWARD, expectClose, FORWARD, uniform } from './fixtures';

describe('dense MLP ops (GPU) vs the f64 references', () => {
  const gpu = useNodeGpu();
  for (const [rows, cols] of [
    [1, 1],
    [3, 5],
    [70, 3],
    [2, 131],
  ] as const) {
    it(`[${rows}, ${cols}]: bias (+ReLU), ReLU backward, bias gradient, SGD`, async () => {
      const y = uniform(rows + cols, rows * cols);
      const b = uniform(cols, cols);
      for (const relu of [false, true])
        expectClose(`bias relu=${relu}`, await biasAct(gpu(), y, b, relu), biasActReference(y, b, relu), FORWARD);
      const dy = uniform(rows * 3, rows * cols);
      expectClose('reluBackward', await reluBackward(gpu(), dy, y), reluBackwardReference(dy, y), FORWARD);
      expectClose('biasGrad', await biasGrad(gpu(), dy, cols), biasGradReference(dy, cols), BACKWARD);
      expectClose('sgd', await sgd(gpu(), y, dy, 0.05), sgdReference(y, dy, 0.05), FORWARD);
    });
  }
});
