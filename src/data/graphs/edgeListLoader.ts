// Loads a user's edge list (CSV/TSV/space separated, '#' or '%' comments, an optional header line)
// into a CSR graph. Builds on parseEdgeList (src/data/csv.ts), which already names the line of a
// non-numeric id or a missing column; this adds header skipping, 0- vs 1-based id detection (and
// says which it chose), the node-count check naming the offending line, and the CSR build.
import { CsvFormatError, parseEdgeList } from '../csv';
import { csrFromEdges, GraphFormatError, type Csr } from './csr';

export interface EdgeListLoadOptions {
  /** Names the file in messages. */
  name?: string;
  /** 'auto' (default): 1-based when no id is 0 and the smallest id is 1; otherwise 0-based. */
  base?: 'auto' | 0 | 1;
  /** Node count, if known (e.g. from a label file); ids must then fit it. Default: max id + 1. */
  numNodes?: number;
  /** Add the reverse of every edge (undirected graph). Default true. */
  symmetric?: boolean;
}

export interface LoadedEdgeList {
  graph: Csr;
  /** 0-based endpoints in file order (before symmetrising). */
  src: Int32Array;
  dst: Int32Array;
  base: 0 | 1;
  /** Plain-language account of what was detected, for the UI / CLI notices. */
  notes: string[];
  selfLoops: number;
}

const isContent = (line: string): boolean => {
  const t = line.trim();
  return t !== '' && !t.startsWith('#') && !t.startsWith('%');
};
const splitFields = (line: string): string[] => line.trim().split(/\s*,\s*|\s+/);

/** 1-based line number of the k-th content line (edge k), for messages about a parsed edge. */
function lineOfEdge(lines: string[], k: number): number {
  let seen = -1;
  for (let i = 0; i < lines.length; i++) {
    if (isContent(lines[i]!) && ++seen === k) return i + 1;
  }
  return -1;
}

export function loadEdgeList(text: string, opts: EdgeListLoadOptions = {}): LoadedEdgeList {
  const name = opts.name ?? 'edge list';
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const notes: string[] = [];
  // A header is a first content line in which no field is a number ("source,target", "u v w").
  // Turning it into a comment keeps every other line number as the user sees it in an editor.
  const first = lines.findIndex(isContent);
  if (first >= 0 && splitFields(lines[first]!).every((f) => !/^[+-]?\d/.test(f))) {
    notes.push(`line ${first + 1} ("${lines[first]!.trim()}") read as a header`);
    lines[first] = `# ${lines[first]}`;
  }
  let parsed;
  try {
    parsed = parseEdgeList(lines.join('\n'), { name });
  } catch (e) {
    if (e instanceof CsvFormatError) throw new GraphFormatError(e.message);
    throw e;
  }
  const m = parsed.src.length;
  if (m === 0) throw new GraphFormatError(`${name}: no edges found (only blank, comment or header lines)`);

  let minId = Infinity;
  let maxId = -1;
  for (let e = 0; e < m; e++) {
    minId = Math.min(minId, parsed.src[e]!, parsed.dst[e]!);
    maxId = Math.max(maxId, parsed.src[e]!, parsed.dst[e]!);
  }
  let base: 0 | 1;
  if (opts.base === 0 || opts.base === 1) {
    base = opts.base;
    if (base === 1 && minId === 0) {
      throw new GraphFormatError(
        `${name}: id 0 on line ${lineOfEdge(lines, firstEdgeWith(parsed.src, parsed.dst, 0))} but the ids were declared 1-based`,
      );
    }
    notes.push(`ids read as ${base}-based (as requested)`);
  } else {
    base = minId >= 1 ? 1 : 0;
    notes.push(
      base === 1
        ? `no id is 0 and the smallest is 1: ids read as 1-based (1..${maxId} → 0..${maxId - 1})`
        : `an id is 0: ids read as 0-based (0..${maxId})`,
    );
  }
  const numNodes = opts.numNodes ?? maxId + 1 - base;
  // The node count comes from the largest id, so a sparse id (say 50,000,000 in a 1,000-edge file)
  // would allocate a graph of mostly isolated nodes; refuse it and ask for dense ids instead.
  if (opts.numNodes === undefined) checkIdsDense(name, numNodes, m, maxId);
  const src = Int32Array.from(parsed.src, (v) => v - base);
  const dst = Int32Array.from(parsed.dst, (v) => v - base);
  for (let e = 0; e < m; e++) {
    const bad = src[e]! >= numNodes ? parsed.src[e]! : dst[e]! >= numNodes ? parsed.dst[e]! : -1;
    if (bad >= 0) {
      throw new GraphFormatError(
        `${name}: node id ${bad} on line ${lineOfEdge(lines, e)} is beyond the node count ${numNodes} ` +
          `(${base}-based ids must be at most ${numNodes - 1 + base})`,
      );
    }
  }
  let selfLoops = 0;
  for (let e = 0; e < m; e++) if (src[e] === dst[e]) selfLoops++;
  if (selfLoops) notes.push(`${selfLoops} self-loop${selfLoops > 1 ? 's' : ''} kept`);
  const graph = csrFromEdges(src, dst, numNodes, { symmetric: opts.symmetric ?? true, name });
  notes.push(
    `${numNodes} nodes, ${m} edges${(opts.symmetric ?? true) ? ' (symmetrised: each edge in both rows)' : ''}`,
  );
  return { graph, src, dst, base, notes, selfLoops };
}

/** Upper bound on nodes for a file-derived graph (features and CSR rows stay within browser memory). */
export const MAX_EDGE_LIST_NODES = 2 ** 24;
/** Node count allowed per listed edge (plus a flat allowance) before the ids count as sparse. */
export const NODES_PER_EDGE_LIMIT = 4;

function checkIdsDense(name: string, numNodes: number, edges: number, maxId: number): void {
  const allowed = Math.min(MAX_EDGE_LIST_NODES, NODES_PER_EDGE_LIMIT * edges + 1000);
  if (numNodes <= allowed) return;
  throw new GraphFormatError(
    `${name}: the largest node id ${maxId} implies ${numNodes} nodes, but ${edges} edges touch at most ${2 * edges} ` +
      `(limit ${allowed} nodes${allowed === MAX_EDGE_LIST_NODES ? ', 2^24' : ''}): relabel the ids to 0..n−1 (consecutive) before uploading`,
  );
}

function firstEdgeWith(src: Int32Array, dst: Int32Array, id: number): number {
  for (let e = 0; e < src.length; e++) if (src[e] === id || dst[e] === id) return e;
  return -1;
}
