// Node labels for a user's edge list. Format (chosen so a label file can be checked line by line
// against its edge list): one "node label" pair per line, separated by whitespace or a comma,
// '#' or '%' comments, an optional header line; node ids use the SAME id base as the edge list
// (so a 1-based edge list needs 1-based label ids); labels are non-negative integer class ids.
// Every node of the edge list needs exactly one label. Classes are renumbered 0..k−1 in
// increasing order when the file's class ids are not already 0..k−1 (said in the notes).
import { GraphFormatError } from './csr';

export interface NodeLabelOptions {
  /** Names the file in messages. */
  name?: string;
  /** Id base of the edge list: label node ids are read with the same base. */
  base: 0 | 1;
  /** Node count of the edge list: every node 0..numNodes−1 (0-based) needs a label. */
  numNodes: number;
}

export interface NodeLabels {
  /** Class of each node, 0..numClasses−1, by 0-based node id. */
  labels: Int32Array;
  numClasses: number;
  notes: string[];
}

const isContent = (t: string): boolean => t !== '' && !t.startsWith('#') && !t.startsWith('%');
const splitFields = (t: string): string[] => t.split(/\s*,\s*|\s+/);

export function parseNodeLabels(text: string, o: NodeLabelOptions): NodeLabels {
  const name = o.name ?? 'labels';
  const fail = (msg: string): never => {
    throw new GraphFormatError(`${name}: ${msg}`);
  };
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const raw = new Int32Array(o.numNodes).fill(-1);
  const lineOf = new Int32Array(o.numNodes);
  const notes: string[] = [];
  let headerSeen = false;
  for (let k = 0; k < lines.length; k++) {
    const t = lines[k]!.trim();
    if (!isContent(t)) continue;
    const fields = splitFields(t);
    // A header is a first content line in which no field is a number ("node,label").
    if (!headerSeen && fields.every((f) => !/^[+-]?\d/.test(f))) {
      headerSeen = true;
      notes.push(`line ${k + 1} ("${t}") read as a header`);
      continue;
    }
    headerSeen = true;
    if (fields.length !== 2)
      fail(`line ${k + 1} has ${fields.length} value${fields.length === 1 ? '' : 's'}, expected "node label"`);
    const [idText, labelText] = fields as [string, string];
    if (!/^\d+$/.test(idText) || Number(idText) >= 2 ** 31)
      fail(`invalid node id '${idText}' on line ${k + 1}: expected a non-negative integer`);
    if (!/^\d+$/.test(labelText) || Number(labelText) >= 2 ** 31) {
      fail(`label '${labelText}' on line ${k + 1} is not a class id: expected a non-negative integer`);
    }
    const id = Number(idText);
    if (id < o.base)
      fail(`node id ${id} on line ${k + 1}, but the edge list's ids are 1-based (labels use the edge list's id base)`);
    const v = id - o.base;
    if (v >= o.numNodes) {
      fail(
        `node id ${id} on line ${k + 1} is beyond the edge list's node count ${o.numNodes} ` +
          `(${o.base}-based ids must be at most ${o.numNodes - 1 + o.base})`,
      );
    }
    if (raw[v]! >= 0) fail(`node ${id} is labelled twice, on lines ${lineOf[v]} and ${k + 1}`);
    raw[v] = Number(labelText);
    lineOf[v] = k + 1;
  }
  const missing: number[] = [];
  for (let v = 0; v < o.numNodes; v++) if (raw[v]! < 0) missing.push(v + o.base);
  if (missing.length === o.numNodes) fail('no labels found (only blank, comment or header lines)');
  if (missing.length) {
    fail(
      `${missing.length} of the edge list's ${o.numNodes} nodes have no label, e.g. node${missing.length > 1 ? 's' : ''} ` +
        `${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''} (${o.base}-based ids); every node needs one "node label" line`,
    );
  }
  const classes = [...new Set(raw)].sort((a, b) => a - b);
  const classOf = new Map(classes.map((c, i) => [c, i]));
  const labels = Int32Array.from(raw, (c) => classOf.get(c)!);
  const contiguous = classes.every((c, i) => c === i);
  notes.push(
    `${o.numNodes} labels, ${classes.length} classes` +
      (contiguous
        ? ''
        : ` (class ids ${classes.slice(0, 6).join(', ')}${classes.length > 6 ? ', …' : ''} renumbered 0..${classes.length - 1} in increasing order)`),
  );
  return { labels, numClasses: classes.length, notes };
}
