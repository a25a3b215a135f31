// What each mark tells the renderer after drawing: rows it could not show and its legend.
export interface MarkResult {
  dropped: number;
  empty: boolean;
  /** Series names for the legend, in colour order. */
  legend?: string[];
}
