import { describe, expect, it } from 'vitest';
import type { Table } from '../src/core';
import { formatCheck, formatNumber, formatTable, MAX_CELL_CHARS, progressPrinter } from './format';

const table = (rows: number): Table => ({
  id: 't',
  title: 'Times',
  columns: [
    { key: 'name', label: 'Kernel', provenance: 'paper', type: 'string' },
    { key: 'ms', label: 'Median', unit: 'ms', provenance: 'measured', type: 'number' },
  ],
  rows: Array.from({ length: rows }, (_, i) => [`k${i}`, i === 0 ? null : 1000 / i]),
});

describe('formatTable', () => {
  it('labels units and provenance and right-aligns numbers', () => {
    const lines = formatTable(table(3)).split('\n');
    expect(lines[0]).toBe('== Times (t) ==');
    expect(lines.slice(1)).toEqual([
      'Kernel   Median (ms)',
      '[paper]   [measured]',
      '-------  -----------',
      'k0                 –',
      'k1              1000',
      'k2               500',
    ]);
  });

  it('cuts long tables and says how many rows the CSV has', () => {
    const text = formatTable(table(25));
    expect(text).toContain('k19');
    expect(text).not.toContain('k20');
    expect(text).toContain('… 5 more rows (25 in all; --out writes them all)');
  });

  it('cuts very long text cells', () => {
    const t = table(1);
    t.rows = [['x'.repeat(200), 1]];
    const row = formatTable(t).split('\n')[4]!;
    expect(row.startsWith('x'.repeat(MAX_CELL_CHARS - 1) + '…')).toBe(true);
  });
});

describe('formatNumber', () => {
  it('keeps integers, rounds to 4 significant digits, uses exponents at the extremes', () => {
    expect(formatNumber(4096)).toBe('4096');
    expect(formatNumber(3.14159)).toBe('3.142');
    expect(formatNumber(1.5e-6)).toBe('1.500e-6');
    expect(formatNumber(2.5e12)).toBe('2500000000000'); // exact integers (byte limits) stay exact
    expect(formatNumber(12345678901.5)).toBe('1.235e+10');
    expect(formatNumber(Infinity)).toBe('Infinity');
  });
});

describe('formatCheck / progressPrinter', () => {
  it('says PASS or FAIL with the errors and tolerance', () => {
    const c = {
      name: 'matmul',
      maxAbsError: 2e-3,
      maxRelError: 1e-4,
      tolerance: 1e-5,
      passed: false,
      detail: 'worst at 3',
    };
    expect(formatCheck(c)).toBe(
      '  FAIL  matmul: max abs err 0.002, max rel err 1.000e-4, tolerance 1.000e-5 (worst at 3)',
    );
  });

  it('prints one line per change only', () => {
    const lines: string[] = [];
    const p = progressPrinter((l) => lines.push(l));
    p(0.401, 'copy');
    p(0.402, 'copy');
    p(1);
    expect(lines).toEqual(['[ 40%] copy', '[100%]']);
  });
});
