// The dense parts of the four models Bagpipe trains, with the layer sizes of its artifact's
// trainers (examples/trainer_{main,wdn_main,dfm_main,dcn_main}.py and run_trainers_dlrm.sh),
// reduced to what the cluster model needs: multiply-adds per example (forward) and the number of
// dense parameters that are all-reduced every iteration. Embedding size 48 in all four (the
// trainers' --emb-size default). 13 dense inputs (Criteo's; the artifact pads Avazu to 13 too).
//   DLRM:    bottom 13-512-256-64-48, dot interaction of T + 1 vectors, top (T+1 choose 2)+48 →
//            1024-1024-1024-256-128-1
//   W&D:     deep 13-256-256-256, wide linear over [deep output, T·d] → 1
//   DeepFM:  FM over T·d, MLP T·d-64-64-64-1 (its per-row linear term is a sparse 1-float table,
//            counted with the embeddings, not here)
//   DCN:     dense 13-1024-512-256-64-48, low-rank cross net (2 layers, rank 8) over (T+1)·d,
//            over-arch (T+1)·d-1024-512-256-1

export type ModelId = 'dlrm' | 'wd' | 'deepfm' | 'dcn';

export interface DenseModel {
  id: ModelId;
  name: string;
  /** Forward multiply-adds per example. */
  macsPerExample: number;
  /** Dense parameters (weights + biases), all-reduced every iteration. */
  params: number;
}

function mlp(sizes: number[]): { macs: number; params: number } {
  let macs = 0;
  let params = 0;
  for (let i = 0; i + 1 < sizes.length; i++) {
    macs += sizes[i]! * sizes[i + 1]!;
    params += sizes[i]! * sizes[i + 1]! + sizes[i + 1]!;
  }
  return { macs, params };
}

export const MODEL_NAMES: Record<ModelId, string> = {
  dlrm: 'DLRM',
  wd: 'Wide & Deep',
  deepfm: 'DeepFM',
  dcn: 'DCN (cross network)', // short enough for a slanted axis label (22 characters)
};

/** The model's dense part for T sparse features of dimension d. */
export function denseModel(id: ModelId, tables: number, d: number): DenseModel {
  const T = tables;
  const parts: { macs: number; params: number }[] = [];
  switch (id) {
    case 'dlrm': {
      parts.push(mlp([13, 512, 256, 64, d]));
      const pairs = ((T + 1) * T) / 2;
      parts.push({ macs: pairs * d, params: 0 });
      parts.push(mlp([pairs + d, 1024, 1024, 1024, 256, 128, 1]));
      break;
    }
    case 'wd':
      parts.push(mlp([13, 256, 256, 256]), mlp([256 + T * d, 1]));
      break;
    case 'deepfm':
      parts.push({ macs: 2 * T * d, params: 1 }, mlp([T * d, 64, 64, 64, 1]));
      break;
    case 'dcn': {
      const width = (T + 1) * d;
      parts.push(mlp([13, 1024, 512, 256, 64, d]));
      parts.push({ macs: 2 * (2 * width * 8 + width), params: 2 * (2 * width * 8 + width) });
      parts.push(mlp([width, 1024, 512, 256, 1]));
      break;
    }
  }
  return {
    id,
    name: MODEL_NAMES[id],
    macsPerExample: parts.reduce((a, p) => a + p.macs, 0),
    params: parts.reduce((a, p) => a + p.params, 0),
  };
}
