import { describe, expect, it } from 'vitest';
import { otherTheme, parseTheme, resolveTheme } from './theme';

describe('theme choice', () => {
  it('follows the system until the reader chooses, then keeps the choice', () => {
    expect(resolveTheme(null, true)).toBe('light');
    expect(resolveTheme(null, false)).toBe('dark');
    expect(resolveTheme('dark', true)).toBe('dark');
    expect(resolveTheme('light', false)).toBe('light');
  });
  it('ignores stored text that is not a theme', () => {
    expect(parseTheme('light')).toBe('light');
    expect(parseTheme('Dark')).toBeNull();
    expect(parseTheme(null)).toBeNull();
    expect(otherTheme('dark')).toBe('light');
  });
});
