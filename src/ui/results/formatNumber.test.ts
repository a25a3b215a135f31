import { describe, expect, it } from 'vitest';
import { formatCell, formatNumber } from './formatNumber';

describe('formatNumber', () => {
  it('groups thousands everywhere, keeps integers whole and rounds the rest to 4 significant digits', () => {
    expect(formatNumber(42)).toBe('42');
    expect(formatNumber(1555)).toBe('1,555'); // same style as 19,500 beside it
    expect(formatNumber(19_500)).toBe('19,500');
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(3.14159)).toBe('3.142');
    expect(formatNumber(1234.5678)).toBe('1,235');
    expect(formatNumber(11660.4)).toBe('11,660');
    expect(formatNumber(-0.5)).toBe('−0.5');
    expect(formatNumber(1e20)).toBe('1e+20');
    expect(formatNumber(0.000123456)).toBe('0.0001235');
    expect(formatNumber(1.23456e-7)).toBe('1.235e-7');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(formatCell(null)).toBe('—');
    expect(formatCell('memory')).toBe('memory');
  });
});
