// What each mark tells the renderer after drawing: rows it could not show, its legend, where its
// data sits (so rule labels can avoid it) and what the hover layer reads.
import type { HoverModel } from '../hoverModel';
import type { LegendItem } from '../legend';
import type { Box } from '../rules';

export interface MarkResult {
  dropped: number;
  empty: boolean;
  /** Legend entries in drawing order; absent for charts without series. */
  legend?: LegendItem[];
  hover?: HoverModel;
}

export type { Box };
