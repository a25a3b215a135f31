import { describe, expect, it } from 'vitest';
import { parseArgs, parseIntOption, splitKeyValue, UsageError, type OptionSpecs } from './args';

const SPECS: OptionSpecs = {
  json: { kind: 'switch', help: '' },
  seed: { kind: 'value', help: '' },
  set: { kind: 'value', repeat: true, help: '' },
};

describe('parseArgs', () => {
  it('reads positionals, switches, --name value, --name=value and repeats in order', () => {
    const a = parseArgs(
      ['roofline', '--json', '--seed', '7', '--set=a=1', '--set', 'b=-2', '--', '--not-a-flag'],
      SPECS,
    );
    expect(a.positionals).toEqual(['roofline', '--not-a-flag']);
    expect([...a.switches]).toEqual(['json']);
    expect(a.values.get('seed')).toEqual(['7']);
    expect(a.values.get('set')).toEqual(['a=1', 'b=-2']);
  });

  it('rejects unknown options, naming the known ones', () => {
    expect(() => parseArgs(['--sed', '1'], SPECS)).toThrow(/unknown option --sed \(known: --json, --seed, --set\)/);
    expect(() => parseArgs(['-s'], SPECS)).toThrow(UsageError);
  });

  it('rejects a missing value, a value on a switch and a repeated single option', () => {
    expect(() => parseArgs(['--seed'], SPECS)).toThrow('--seed needs a value');
    expect(() => parseArgs(['--seed', '--json'], SPECS)).toThrow('--seed needs a value');
    expect(() => parseArgs(['--json=1'], SPECS)).toThrow('--json takes no value');
    expect(() => parseArgs(['--seed', '1', '--seed', '2'], SPECS)).toThrow('--seed was given more than once');
  });

  it('does not treat inherited object keys as options', () => {
    expect(() => parseArgs(['--toString'], SPECS)).toThrow(/unknown option --toString/);
  });
});

describe('option values', () => {
  it('splits key=value at the first =', () => {
    expect(splitKeyValue('expr=a=b', 'set')).toEqual(['expr', 'a=b']);
    expect(() => splitKeyValue('novalue', 'set')).toThrow('--set expects key=value, got "novalue"');
    expect(() => splitKeyValue('=3', 'set')).toThrow(UsageError);
  });

  it('parses bounded integers and names the range otherwise', () => {
    expect(parseIntOption(' 12 ', 'reps', 1, 100)).toBe(12);
    for (const bad of ['', '1.5', 'x', '0', '101']) {
      expect(() => parseIntOption(bad, 'reps', 1, 100)).toThrow(/expected an integer in \[1, 100\]/);
    }
  });
});
