import { describe, expect, it } from 'vitest';
import { createWorkbenchStore } from './store';
import { fileFake, modeledFake } from './testExperiments';
import { parseUrlState, serializeUrlState } from './urlState';
import { runExperiment } from '../experiments/runner';
import { parseParam, validateValue } from '../core/params';

const deps = {
  experiments: [fileFake, modeledFake],
  hasNavigatorGpu: () => false,
  createGpu: () => Promise.reject(new Error('no')),
};
const file = { name: 'edges.csv', bytes: new Uint8Array([1, 2, 3]) };

describe('file parameters', () => {
  it('the store keeps the bytes, uses the name as the value, and hands the file to the run', async () => {
    const store = createWorkbenchStore(deps);
    store.getState().setFile('data', file);
    expect(store.getState().values.data).toBe('edges.csv');
    await store.getState().startRun();
    expect(store.getState().run.outcome?.result.metrics[0]!.value).toBe(3);
    store.getState().setFile('data', null);
    expect(store.getState().values.data).toBe('');
    expect(store.getState().files).toEqual({});
  });

  it('switching experiments drops chosen files', () => {
    const store = createWorkbenchStore(deps);
    store.getState().setFile('data', file);
    store.getState().selectExperiment('fake-modeled');
    expect(store.getState().files).toEqual({});
  });

  it('a named file that was never loaded is a clear error, not a silent fallback', async () => {
    await expect(runExperiment(fileFake, { data: 'gone.csv' })).rejects.toThrow(/"gone.csv" is not loaded/);
    const r = await runExperiment(fileFake, { data: 'x.csv' }, { files: { data: file } });
    expect(r.metrics[0]!.value).toBe(3);
  });

  it('links never carry files, and a link that names one says it must be chosen again', () => {
    expect(
      serializeUrlState({ experimentId: 'fake-file', values: { data: 'edges.csv' }, seed: 1 }, fileFake),
    ).not.toMatch(/data=/);
    const v = parseUrlState('?exp=fake-file&data=edges.csv', deps.experiments, 42);
    expect(v.values.data).toBe('');
    expect(v.notices.join(' ')).toMatch(/data: files cannot be restored from a link/);
  });

  it('schema helpers accept any path string for files', () => {
    const spec = fileFake.params[0]!;
    expect(parseParam(spec, 'some/path.csv')).toEqual({ value: 'some/path.csv' });
    expect(validateValue(spec, 3)).toMatch(/expected a file name/);
  });
});
