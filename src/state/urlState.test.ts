import { describe, expect, it } from 'vitest';
import { experiments, findExperiment } from '../experiments/registry';
import { modeledFake } from './testExperiments';
import { parseSeed, parseUrlState, serializeUrlState } from './urlState';

const other = { ...modeledFake, id: 'other', params: [], presets: [] };
const exps = [modeledFake, other];

describe('parseUrlState', () => {
  it('reads experiment, params and seed', () => {
    const v = parseUrlState('?exp=fake-modeled&intensity=2.5&layers=24&model=b&fused=true&seed=9', exps, 42);
    expect(v).toEqual({
      experimentId: 'fake-modeled',
      values: { intensity: 2.5, layers: 24, model: 'b', fused: true },
      seed: 9,
      notices: [],
    });
  });

  it('defaults to the first experiment with no query', () => {
    const v = parseUrlState('', exps, 42);
    expect(v.experimentId).toBe('fake-modeled');
    expect(v.values).toEqual({ intensity: 10, layers: 12, model: 'a', fused: false });
    expect(v.seed).toBe(42);
    expect(v.notices).toEqual([]);
  });

  it('falls back per parameter and names each problem', () => {
    const v = parseUrlState('?exp=fake-modeled&intensity=banana&layers=2.5&bogus=1&seed=-3', exps, 42);
    expect(v.values.intensity).toBe(10);
    expect(v.values.layers).toBe(12);
    expect(v.seed).toBe(42);
    expect(v.notices).toHaveLength(4);
    expect(v.notices[0]).toMatch(/intensity="banana" is not valid/);
    expect(v.notices.some((n) => /unknown parameter "bogus" ignored/.test(n))).toBe(true);
    expect(v.notices.some((n) => /seed="-3" is invalid/.test(n))).toBe(true);
  });

  it('falls back to the first experiment for an unknown id', () => {
    const v = parseUrlState('?exp=nope&intensity=3', exps, 42);
    expect(v.experimentId).toBe('fake-modeled');
    expect(v.values.intensity).toBe(3);
    expect(v.notices[0]).toBe('unknown experiment "nope" ignored; showing "fake-modeled" instead');
  });

  it('applies a preset, with explicit params taking precedence', () => {
    expect(parseUrlState('?preset=big', exps, 1).values).toMatchObject({ layers: 96, model: 'b' });
    expect(parseUrlState('?preset=big&layers=3', exps, 1).values).toMatchObject({ layers: 3, model: 'b' });
    expect(parseUrlState('?preset=huge', exps, 1).notices[0]).toMatch(/unknown preset "huge" ignored/);
  });

  it('opens an experiment by one of its legacy ids and reports its current id', () => {
    const renamed = { ...other, id: 'new-name', legacyIds: ['oldname'] };
    const v = parseUrlState('?exp=oldname&seed=3', [modeledFake, renamed], 42);
    expect(v).toEqual({ experimentId: 'new-name', values: {}, seed: 3, notices: [] });
    // A current id wins over another experiment's legacy id.
    expect(
      parseUrlState('?exp=fake-modeled', [{ ...renamed, legacyIds: ['fake-modeled'] }, modeledFake], 1).experimentId,
    ).toBe('fake-modeled');
  });

  it('keeps old GraphSnapShot links (?exp=graphsnapshot) working with the registered experiments', () => {
    const v = parseUrlState('?exp=graphsnapshot&hops=2&fanout=3&theta=4&seed=7', experiments, 42);
    expect(v.notices).toEqual([]);
    expect(v.experimentId).toBe('graph-snapshot');
    expect(v.values).toMatchObject({ hops: 2, fanout: 3, theta: 4 });
    expect(v.seed).toBe(7);
    // The link is rewritten with the current id.
    expect(serializeUrlState(v, findExperiment('graph-snapshot')!)).toMatch(/^\?exp=graph-snapshot&/);
  });

  it('copes with an empty registry', () => {
    expect(parseUrlState('?exp=x', [], 5)).toEqual({ experimentId: '', values: {}, seed: 5, notices: [] });
  });
});

describe('serializeUrlState', () => {
  it('round-trips through parseUrlState', () => {
    const view = {
      experimentId: 'fake-modeled',
      values: { intensity: 0.30000000000000004, layers: 7, model: 'b', fused: true },
      seed: 123,
    };
    const search = serializeUrlState(view, modeledFake);
    expect(search).toBe('?exp=fake-modeled&intensity=0.3&layers=7&model=b&fused=true&seed=123');
    const back = parseUrlState(search, exps, 42);
    expect(back.values).toEqual({ ...view.values, intensity: 0.3 });
    expect(back.seed).toBe(123);
  });

  it('names the preset when the values match one', () => {
    const search = serializeUrlState(
      { experimentId: 'fake-modeled', values: { intensity: 10, layers: 4, model: 'a', fused: false }, seed: 1 },
      modeledFake,
    );
    expect(new URLSearchParams(search).get('preset')).toBe('small');
  });
});

describe('parseSeed', () => {
  it('accepts only unsigned 32-bit integers', () => {
    expect(parseSeed('0')).toBe(0);
    expect(parseSeed('4294967295')).toBe(4294967295);
    expect(parseSeed('4294967296')).toBeNull();
    expect(parseSeed('1.5')).toBeNull();
    expect(parseSeed('')).toBeNull();
  });
});
