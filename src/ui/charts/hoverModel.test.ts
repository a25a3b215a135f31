import { describe, expect, it } from 'vitest';
import { hoverStops, itemsAt, type HoverItem, type HoverModel } from './hoverModel';

const item = (x: number, y: number, key: string, extra: Partial<HoverItem> = {}): HoverItem => ({
  x,
  y,
  key,
  header: key,
  color: '#000',
  lines: [`${key}@${y}`],
  ...extra,
});

describe('hover model', () => {
  it("'x' mode snaps to the nearest x and returns every series there", () => {
    const m: HoverModel = { mode: 'x', items: [item(10, 5, 'a'), item(10, 50, 'a'), item(40, 7, 'b')] };
    expect(itemsAt(m, 18, 200).map((i) => i.y)).toEqual([5, 50]);
    expect(itemsAt(m, 30, 0).map((i) => i.key)).toEqual(['b']);
    expect(hoverStops(m).map((g) => g.length)).toEqual([2, 1]);
  });

  it("'nearest' mode picks the closest point within reach, or none", () => {
    const m: HoverModel = { mode: 'nearest', items: [item(0, 0, 'p'), item(100, 100, 'q')] };
    expect(itemsAt(m, 90, 95)[0]!.key).toBe('q');
    expect(itemsAt(m, 50, 50)).toEqual([]);
  });

  it("'box' mode returns the mark under the pointer", () => {
    const m: HoverModel = {
      mode: 'box',
      items: [
        item(5, 0, 's', { box: { x0: 0, y0: 0, x1: 10, y1: 10 } }),
        item(25, 0, 't', { box: { x0: 20, y0: 0, x1: 30, y1: 10 } }),
      ],
    };
    expect(itemsAt(m, 22, 5)[0]!.key).toBe('t');
    expect(itemsAt(m, 15, 5)).toEqual([]);
    expect(hoverStops(m)).toHaveLength(2);
  });
});
