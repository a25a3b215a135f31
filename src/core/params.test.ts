import { describe, expect, it } from 'vitest';
import type { ParamSpec } from './params';
import { UserInputError } from './errors';
import { assertValidParams, defaultValues, parseParam, parseParamStrings, snapValue } from './params';

const specs: ParamSpec[] = [
  { key: 'n', label: 'N', kind: 'int', min: 1, max: 100, default: 10 },
  { key: 'x', label: 'X', kind: 'number', min: 0.1, max: 10, step: 0.1, default: 1, unit: 'ms' },
  { key: 'mode', label: 'Mode', kind: 'enum', options: [{ value: 'a' }, { value: 'b' }], default: 'a' },
  { key: 'on', label: 'On', kind: 'bool', default: false },
];

describe('params', () => {
  it('parses valid strings and rejects bad ones naming the range', () => {
    expect(parseParam(specs[0]!, '42')).toEqual({ value: 42 });
    expect(parseParam(specs[0]!, '4.5')).toHaveProperty('error', expect.stringMatching(/integer in \[1, 100\]/));
    expect(parseParam(specs[1]!, '11')).toHaveProperty('error', expect.stringMatching(/\[0.1, 10\] ms/));
    expect(parseParam(specs[1]!, 'banana')).toHaveProperty('error');
    expect(parseParam(specs[1]!, '')).toHaveProperty('error');
    expect(parseParam(specs[2]!, 'c')).toHaveProperty('error', expect.stringMatching(/one of a, b/));
    expect(parseParam(specs[3]!, 'true')).toEqual({ value: true });
  });
  it('lenient parsing falls back to defaults and reports each problem', () => {
    const r = parseParamStrings(specs, { n: 'banana', x: '2.5', zzz: '1' });
    expect(r.values).toEqual({ ...defaultValues(specs), x: 2.5 });
    expect(r.problems).toHaveLength(2);
    expect(r.problems.join('\n')).toMatch(/n=.*banana/);
    expect(r.problems.join('\n')).toMatch(/unknown parameter "zzz"/);
  });
  it('strict validation throws UserInputError', () => {
    expect(() => assertValidParams(specs, { n: 0 })).toThrow(UserInputError);
    expect(() => assertValidParams(specs, { nope: 1 })).toThrow(/unknown parameter "nope"/);
    expect(assertValidParams(specs, { mode: 'b' })).toEqual({ ...defaultValues(specs), mode: 'b' });
  });
  it('snaps slider values to the grid and range', () => {
    expect(snapValue(specs[0] as never, 7.6)).toBe(8);
    expect(snapValue(specs[1] as never, 0.27)).toBe(0.3);
    expect(snapValue(specs[1] as never, 99)).toBe(10);
  });
});
