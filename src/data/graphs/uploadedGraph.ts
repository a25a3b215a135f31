// A user's own graph for the GNN experiments: an edge-list file (and optionally a node-label file)
// chosen through 'file' parameters, turned into the same NodeClassificationGraph the built-in
// graphs are. Node features, since edge lists carry none:
//  * n ≤ ONE_HOT_LIMIT: one-hot identity, as for the shipped real graphs (karate, Les Misérables);
//    the limit keeps GraphSAGE's [n, n] layer-0 activation and gradient buffers (5 · 4n² bytes:
//    80 MiB at n = 2048) within what a browser GPU will allocate;
//  * larger graphs: STRUCTURAL_DIM structural features — log-degree (scaled to [0, 1]) and a
//    random ±1 projection of the adjacency row (Σ over neighbours of a hashed sign vector, divided
//    by √degree), so nodes with overlapping neighbourhoods get similar features.
// Without labels every node is a seed (train) and the labels are a placeholder of one class: the
// experiments then measure sampling, aggregation and IO only and must not report accuracy.
import { createRng, hashFloat } from '../pcg32';
import { degrees, GraphFormatError, type Csr } from './csr';
import { loadEdgeList } from './edgeListLoader';
import { splitNodes, type NodeClassificationGraph } from './generators';
import { parseNodeLabels } from './nodeLabels';
import { UserInputError, type FileParam, type LoadedFile, type ParamValues } from '../../core';

export const ONE_HOT_LIMIT = 2048;
export const STRUCTURAL_DIM = 32;
/** Labelled uploads: this share of the nodes trains, the rest is the test set. */
export const UPLOAD_TRAIN_FRACTION = 0.5;
export const PROJECTION_SEED = 0x5eed_9a9e;

export const EDGE_LIST_KEY = 'edgeList';
export const NODE_LABELS_KEY = 'nodeLabels';

/** The two file parameters both GNN experiments offer (same keys, so links and tests match). */
export function uploadParams(group: string): FileParam[] {
  return [
    {
      key: EDGE_LIST_KEY,
      label: 'Edge list file',
      kind: 'file',
      accept: ['.csv', '.tsv', '.txt', '.edges'],
      default: '',
      group,
      help:
        'Your own graph for Run (replaces the graph chosen above): one edge per line, "src dst" or "src,dst" (a third weight column is ' +
        "ignored), '#' or '%' comment lines, an optional header line. Ids 0- or 1-based: 1-based when no id is 0, and the result says which. " +
        `Read as undirected. Features: one-hot identity up to ${ONE_HOT_LIMIT} nodes, else degree + random projection of the adjacency row.`,
    },
    {
      key: NODE_LABELS_KEY,
      label: 'Node labels file (optional)',
      kind: 'file',
      accept: ['.csv', '.tsv', '.txt', '.labels'],
      default: '',
      group,
      help:
        'One "node label" pair per line (whitespace or comma), the same id base as the edge list, integer class ids, every node labelled. ' +
        'Without it, Run measures sampling / aggregation / IO and reports no accuracy.',
    },
  ];
}

export interface UploadedGraph {
  task: NodeClassificationGraph;
  labelled: boolean;
  base: 0 | 1;
  /** Edges as listed in the file (before symmetrising). */
  fileEdges: number;
  /** Plain-language account for the result's notices. */
  notices: string[];
}

function decode(file: LoadedFile): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
  } catch {
    throw new UserInputError(
      `${file.name}: not UTF-8 text (is it a binary file?); expected an edge list such as "0 1" per line`,
    );
  }
}

function oneHot(n: number): Float32Array {
  const x = new Float32Array(n * n);
  for (let i = 0; i < n; i++) x[i * n + i] = 1;
  return x;
}

/** Log-degree and a ±1 random projection of each adjacency row (see the header). */
export function structuralFeatures(g: Csr): Float32Array {
  const d = STRUCTURAL_DIM;
  const deg = degrees(g);
  // A loop, not Math.max(...deg): spreading ~125k+ arguments overflows the call stack.
  let maxDeg = 1;
  for (let v = 0; v < deg.length; v++) if (deg[v]! > maxDeg) maxDeg = deg[v]!;
  const logMax = Math.log1p(maxDeg);
  const x = new Float32Array(g.numNodes * d);
  for (let v = 0; v < g.numNodes; v++) {
    const row = x.subarray(v * d, (v + 1) * d);
    row[0] = Math.log1p(deg[v]!) / logMax;
    for (let e = g.indptr[v]!; e < g.indptr[v + 1]!; e++) {
      const u = g.indices[e]!;
      for (let j = 1; j < d; j++) row[j]! += hashFloat(PROJECTION_SEED + j, u) < 0.5 ? -1 : 1;
    }
    const scale = 1 / Math.sqrt(Math.max(1, deg[v]!));
    for (let j = 1; j < d; j++) row[j]! *= scale;
  }
  return x;
}

const asUserError = <T>(f: () => T): T => {
  try {
    return f();
  } catch (e) {
    if (e instanceof GraphFormatError) throw new UserInputError(e.message);
    throw e;
  }
};

/** Loads the edge list (and labels) into a task; malformed input → UserInputError naming the line. */
export function loadUploadedGraph(edges: LoadedFile, labelFile: LoadedFile | undefined, seed: number): UploadedGraph {
  const loaded = asUserError(() => loadEdgeList(decode(edges), { name: edges.name }));
  const g = loaded.graph;
  const n = g.numNodes;
  const notices = [`Edge list "${edges.name}": ${loaded.notes.join('; ')}.`];
  const features = n <= ONE_HOT_LIMIT ? oneHot(n) : structuralFeatures(g);
  const featureDim = n <= ONE_HOT_LIMIT ? n : STRUCTURAL_DIM;
  notices.push(
    n <= ONE_HOT_LIMIT
      ? `Node features: one-hot identity (${n} ≤ ${ONE_HOT_LIMIT} nodes), as for the shipped real graphs.`
      : `Node features: ${STRUCTURAL_DIM} structural values per node (log-degree + random ±1 projection of the adjacency row), since ${n} > ${ONE_HOT_LIMIT} nodes is too many for one-hot.`,
  );
  const name = `${edges.name} (uploaded)`;
  if (!labelFile) {
    notices.push(
      `No node labels file: training and accuracy are skipped; only the measurements that need no labels are reported, with every node as a seed.`,
    );
    return {
      labelled: false,
      base: loaded.base,
      fileEdges: loaded.src.length,
      notices,
      task: {
        graph: g,
        features,
        featureDim,
        labels: new Int32Array(n),
        numClasses: 1,
        train: Int32Array.from({ length: n }, (_, i) => i),
        valid: new Int32Array(0),
        test: new Int32Array(0),
        name,
      },
    };
  }
  const lab = asUserError(() =>
    parseNodeLabels(decode(labelFile), { name: labelFile.name, base: loaded.base, numNodes: n }),
  );
  notices.push(
    `Node labels "${labelFile.name}" (${loaded.base}-based ids, as the edge list): ${lab.notes.join('; ')}; ` +
      `${Math.round(100 * UPLOAD_TRAIN_FRACTION)}% of the nodes train, the rest are the test set.`,
  );
  const split = splitNodes(n, UPLOAD_TRAIN_FRACTION, 0, createRng(seed));
  return {
    labelled: true,
    base: loaded.base,
    fileEdges: loaded.src.length,
    notices,
    task: { graph: g, features, featureDim, labels: lab.labels, numClasses: lab.numClasses, ...split, name },
  };
}

/** The uploaded graph named by the params, or null when no edge list was chosen. */
export function uploadedGraphFrom(
  p: ParamValues,
  files: Record<string, LoadedFile>,
  seed: number,
): UploadedGraph | null {
  const edges = p[EDGE_LIST_KEY] ? files[EDGE_LIST_KEY] : undefined;
  const labels = p[NODE_LABELS_KEY] ? files[NODE_LABELS_KEY] : undefined;
  if (!edges) {
    if (labels)
      throw new UserInputError(`Node labels "${labels.name}" need an edge list: choose the graph's edge list file too`);
    return null;
  }
  return loadUploadedGraph(edges, labels, seed);
}

/** For the live model, which sees no files: says that the chosen file is used by Run only. */
export function uploadModelNotice(p: ParamValues, builtIn: string): string | null {
  if (!p[EDGE_LIST_KEY]) return null;
  return `Edge list "${String(p[EDGE_LIST_KEY])}" is used when you press Run (the live view cannot read files): this view still shows ${builtIn}.`;
}
