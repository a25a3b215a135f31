// Tests for the corpus split (deterministic, UTF-8 safe, views not copies) and for the shipped corpus
// file itself: present, at least 1 MB, valid UTF-8 English prose of the documented size.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserInputError } from '../core/errors';
import { loadTextCorpus, splitCorpus, TEXT_CORPUS } from './textCorpus';

describe('splitCorpus', () => {
  it('holds out the last 10% by default', () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, k) => 0x20 + (k % 90));
    const { train, validation } = splitCorpus(bytes);
    expect(train.length).toBe(900);
    expect(validation.length).toBe(100);
    expect(train.buffer).toBe(bytes.buffer); // views, not copies
    expect(validation[0]).toBe(bytes[900]);
    expect(splitCorpus(bytes, 0.25).validation.length).toBe(250);
  });

  it('is deterministic and never cuts a UTF-8 character in two', () => {
    const text = '€'.repeat(101); // 3 bytes per character, 303 in all
    const bytes = new TextEncoder().encode(text);
    const dec = new TextDecoder('utf-8', { fatal: true });
    let moved = 0;
    for (let f = 0.05; f < 0.96; f += 0.01) {
      const a = splitCorpus(bytes, f);
      expect(splitCorpus(bytes, f).train.length).toBe(a.train.length);
      const raw = Math.round(bytes.length * (1 - f));
      expect(a.train.length % 3).toBe(0);
      expect(raw - a.train.length).toBeGreaterThanOrEqual(0);
      expect(raw - a.train.length).toBeLessThan(3);
      if (raw !== a.train.length) moved++;
      expect(dec.decode(a.train) + dec.decode(a.validation)).toBe(text);
    }
    expect(moved).toBeGreaterThan(10);
  });

  it('keeps both parts non-empty and rejects bad fractions', () => {
    expect(splitCorpus(new Uint8Array([1, 2]), 0.01).validation.length).toBe(1);
    expect(splitCorpus(new Uint8Array([1, 2]), 0.99).train.length).toBe(1);
    expect(() => splitCorpus(new Uint8Array(10), 0)).toThrow(UserInputError);
    expect(() => splitCorpus(new Uint8Array(10), 1)).toThrow(/between 0 and 1/);
    expect(() => splitCorpus(new Uint8Array(10), NaN)).toThrow(/got NaN/);
    expect(() => splitCorpus(new Uint8Array(1))).toThrow(/1 bytes, too few to split/);
  });
});

describe('the shipped corpus', () => {
  const bytes = new Uint8Array(readFileSync(join(__dirname, '../../public', TEXT_CORPUS.file)));

  it('is the documented file: >= 1 MB of valid UTF-8 prose', () => {
    expect(bytes.length).toBe(TEXT_CORPUS.bytes);
    expect(bytes.length).toBeGreaterThanOrEqual(1 << 20);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    expect(text.startsWith('SENSE AND SENSIBILITY')).toBe(true);
    expect(text).toContain('It is a truth universally acknowledged, that a single man in possession');
    expect(text).not.toContain('\r');
    let spaces = 0;
    for (const b of bytes) if (b === 0x20) spaces++;
    expect(spaces).toBeGreaterThan(300_000); // prose: roughly one space per word
  });

  it('splits into 90% train and 10% validation (the end of Persuasion)', () => {
    const { train, validation } = splitCorpus(bytes);
    expect(train.length + validation.length).toBe(bytes.length);
    expect(Math.abs(validation.length - bytes.length / 10)).toBeLessThan(2);
    expect(new TextDecoder().decode(validation)).toContain('Anne');
  });
});

describe('the shipped corpus', () => {
  it('loads with the size and content its description gives', async () => {
    const bytes = await loadTextCorpus();
    expect(bytes.length).toBe(TEXT_CORPUS.bytes);
    const text = new TextDecoder().decode(bytes.subarray(0, 200_000));
    expect(text).toMatch(/Elinor/); // Sense and Sensibility comes first
  });
});
