// What the hover layer needs to know about a rendered chart, in plot coordinates: one item per
// data mark with the text its tooltip shows. Built by the marks next to the SVG (no DOM), so
// the renderer stays pure and exports carry no interaction.
import type { Box } from './rules';

export interface HoverItem {
  /** Anchor of the mark (a point, a bar's top centre, a cell's centre). */
  x: number;
  y: number;
  /** Items with the same key are shown together ('x' mode: one x value across series). */
  key: string;
  header: string;
  color: string;
  lines: string[];
  /** For 'box' mode: the mark's extent. */
  box?: Box;
}

/**
 * 'x': a vertical crosshair snaps to the nearest x and lists every series there (lines, bars);
 * 'nearest': the closest point (scatter); 'box': the mark under the pointer (spans, cells).
 */
export interface HoverModel {
  mode: 'x' | 'nearest' | 'box';
  items: HoverItem[];
}

export interface ChartHover extends HoverModel {
  /** Plot offset inside the SVG and its size. */
  left: number;
  top: number;
  width: number;
  height: number;
}

const inside = (b: Box, x: number, y: number) => x >= b.x0 && x <= b.x1 && y >= b.y0 && y <= b.y1;

/** The items to show for a pointer at (x, y) in plot coordinates, or [] for none. */
export function itemsAt(model: HoverModel, x: number, y: number): HoverItem[] {
  if (model.items.length === 0) return [];
  if (model.mode === 'box') {
    const hit = model.items.find((i) => i.box && inside(i.box, x, y));
    return hit ? [hit] : [];
  }
  if (model.mode === 'nearest') {
    let best: HoverItem | undefined;
    let bestD = 40 * 40;
    for (const i of model.items) {
      const d = (i.x - x) ** 2 + (i.y - y) ** 2;
      if (d < bestD) [best, bestD] = [i, d];
    }
    return best ? [best] : [];
  }
  let nearest = model.items[0]!;
  for (const i of model.items) if (Math.abs(i.x - x) < Math.abs(nearest.x - x)) nearest = i;
  return model.items.filter((i) => i.key === nearest.key);
}

/** Distinct hover positions in reading order, for keyboard stepping. */
export function hoverStops(model: HoverModel): HoverItem[][] {
  const groups = new Map<string, HoverItem[]>();
  for (const i of model.items) {
    const key = model.mode === 'x' ? i.key : `${i.key}|${i.x}|${i.y}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  }
  return [...groups.values()].sort((a, b) => a[0]!.x - b[0]!.x || a[0]!.y - b[0]!.y);
}
