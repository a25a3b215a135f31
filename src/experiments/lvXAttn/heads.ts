// The head layout the traffic and FLOP formulas need: query heads, K/V heads (GQA) and head width.
export interface HeadLayout {
  heads: number;
  kvHeads: number;
  headDim: number;
}
