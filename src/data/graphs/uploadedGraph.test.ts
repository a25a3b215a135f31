import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../core';
import { csrFromEdges } from './csr';
import { parseNodeLabels } from './nodeLabels';
import { fileOf, twoCommunityEdgeList, twoCommunityLabels } from './uploadFixtures';
import { hashFloat } from '../pcg32';
import {
  loadUploadedGraph,
  ONE_HOT_LIMIT,
  PROJECTION_SEED,
  STRUCTURAL_DIM,
  structuralFeatures,
  uploadedGraphFrom,
} from './uploadedGraph';

const edges = fileOf('communities.csv', twoCommunityEdgeList());
const labels = fileOf('communities.labels', twoCommunityLabels());
const labelError = (text: string) => () => loadUploadedGraph(edges, fileOf('l.txt', text), 1);

describe('uploaded edge list + labels', () => {
  it('1-based ids with a header and comments: detected, stated, labelled, split, one-hot features', () => {
    const u = loadUploadedGraph(edges, labels, 1);
    expect(u.base).toBe(1);
    expect(u.labelled).toBe(true);
    expect(u.task.graph.numNodes).toBe(24);
    expect(u.fileEdges).toBe(2 * 36 + 2);
    const text = u.notices.join(' ');
    expect(text).toMatch(/line 2 \("source,target"\) read as a header/);
    expect(text).toMatch(/ids read as 1-based \(1\.\.24 → 0\.\.23\)/);
    expect(text).toMatch(/24 labels, 2 classes/);
    expect(text).toMatch(/one-hot identity/);
    // Node 13 (1-based) is the first of community B.
    expect(u.task.labels[12]).toBe(1);
    expect(u.task.labels[11]).toBe(0);
    expect(u.task.train.length + u.task.test.length).toBe(24);
    expect(u.task.featureDim).toBe(24);
    expect(u.task.features[5 * 24 + 5]).toBe(1);
  });
  it('without labels: every node is a seed, one placeholder class, and a notice says training is skipped', () => {
    const u = loadUploadedGraph(edges, undefined, 1);
    expect(u.labelled).toBe(false);
    expect(u.task.train.length).toBe(24);
    expect(u.task.numClasses).toBe(1);
    expect(u.notices.join(' ')).toMatch(/No node labels file: training and accuracy are skipped/);
  });
  it('malformed edge lists: UserInputError naming the line', () => {
    expect(() => loadUploadedGraph(fileOf('bad.csv', 'src dst\n1 2\n2 x\n'), undefined, 1)).toThrow(
      /bad\.csv: invalid node id 'x' on line 3/,
    );
    expect(() => loadUploadedGraph(fileOf('bad.csv', '1 2\n3\n'), undefined, 1)).toThrow(UserInputError);
    expect(() => loadUploadedGraph(fileOf('bad.csv', '1 2\n3\n'), undefined, 1)).toThrow(/line 2 has 1 value/);
    expect(() =>
      loadUploadedGraph({ name: 'x.bin', bytes: Uint8Array.of(0xff, 0xfe, 0x00, 0x81) }, undefined, 1),
    ).toThrow(/x\.bin: not UTF-8 text/);
  });
  it('label file problems name the line or the node', () => {
    expect(labelError('1 0\n25 1\n')).toThrow(
      /node id 25 on line 2 is beyond the edge list's node count 24 \(1-based ids must be at most 24\)/,
    );
    expect(labelError('1 0\n2 1.5\n')).toThrow(/label '1\.5' on line 2 is not a class id/);
    expect(labelError('1 0\n2 cat\n')).toThrow(/label 'cat' on line 2/);
    expect(labelError('# ids\n0 1\n')).toThrow(/node id 0 on line 2, but the edge list's ids are 1-based/);
    expect(labelError('1 0\n2 0 7\n')).toThrow(/line 2 has 3 values, expected "node label"/);
    expect(labelError(twoCommunityLabels().replace('\n24 1\n', '\n'))).toThrow(
      /1 of the edge list's 24 nodes have no label, e.g\. node 24 \(1-based ids\)/,
    );
    expect(labelError(twoCommunityLabels() + '3 1\n')).toThrow(/node 3 is labelled twice, on lines 4 and 26/);
    expect(labelError('')).toThrow(UserInputError);
  });
  it('class ids that are not 0..k−1 are renumbered in order, and said so', () => {
    const r = parseNodeLabels('0,5\n1,9\n2,5\n', { base: 0, numNodes: 3 });
    expect(Array.from(r.labels)).toEqual([0, 1, 0]);
    expect(r.numClasses).toBe(2);
    expect(r.notes.join(' ')).toMatch(/class ids 5, 9 renumbered 0\.\.1/);
  });
  it('labels without an edge list is a clear error; no edge list means no upload', () => {
    expect(() => uploadedGraphFrom({ edgeList: '', nodeLabels: 'l.txt' }, { nodeLabels: labels }, 1)).toThrow(
      /need an edge list/,
    );
    expect(uploadedGraphFrom({ edgeList: '', nodeLabels: '' }, {}, 1)).toBeNull();
  });
});

describe('structural features (graphs above the one-hot limit)', () => {
  it('log-degree column and a ±1 projection of the adjacency row: same neighbours → same features', () => {
    // Star: centre 0 with leaves 1..3, plus a pendant 4 on leaf 3.
    const g = csrFromEdges([0, 0, 0, 3], [1, 2, 3, 4], 5, { symmetric: true });
    const x = structuralFeatures(g);
    const row = (v: number) => Array.from(x.subarray(v * STRUCTURAL_DIM, (v + 1) * STRUCTURAL_DIM));
    expect(row(1)).toEqual(row(2)); // both see only {0}
    expect(row(0)[0]).toBeCloseTo(1, 6); // the largest degree
    expect(row(1)[0]).toBeCloseTo(Math.log(2) / Math.log(4), 6);
    // Independently: entry j of node v is Σ_{u ∈ N(v)} sign_j(u) / √deg(v), sign_j(u) = ±1 from the hash.
    const sign = (u: number, j: number) => (hashFloat(PROJECTION_SEED + j, u) < 0.5 ? -1 : 1);
    for (let j = 1; j < STRUCTURAL_DIM; j++) {
      expect(row(1)[j]).toBe(sign(0, j));
      expect(row(3)[j]).toBeCloseTo((sign(0, j) + sign(4, j)) / Math.SQRT2, 6);
      expect(row(0)[j]).toBeCloseTo((sign(1, j) + sign(2, j) + sign(3, j)) / Math.sqrt(3), 6);
    }
    // The signs are not all equal (a constant projection would carry no information).
    expect(new Set(row(1).slice(1)).size).toBe(2);
  });
  it(`more than ${ONE_HOT_LIMIT} nodes switch to ${STRUCTURAL_DIM} structural features, with a notice`, () => {
    const path = Array.from({ length: ONE_HOT_LIMIT + 10 }, (_, i) => `${i} ${i + 1}`).join('\n');
    const u = loadUploadedGraph(fileOf('path.txt', path), undefined, 1);
    expect(u.task.featureDim).toBe(STRUCTURAL_DIM);
    expect(u.task.features.length).toBe((ONE_HOT_LIMIT + 11) * STRUCTURAL_DIM);
    expect(u.notices.join(' ')).toMatch(/structural values per node/);
  });
});

describe('large and sparse-id uploads', () => {
  it('a 170k-node ring loads through the upload path (no call-stack overflow in the degree maximum)', () => {
    const n = 170_000;
    const lines: string[] = [];
    for (let i = 0; i < n; i++) lines.push(`${i} ${(i + 1) % n}`);
    lines.push('0 85000', '0 42000'); // node 0 has the largest degree (4), so the log-degree column is scaled by it
    const u = loadUploadedGraph(fileOf('ring.txt', lines.join('\n')), undefined, 1);
    expect(u.task.graph.numNodes).toBe(n);
    expect(u.task.featureDim).toBe(STRUCTURAL_DIM);
    expect(u.task.features[0]).toBeCloseTo(1, 6);
    expect(u.task.features[1 * STRUCTURAL_DIM]).toBeCloseTo(Math.log(3) / Math.log(5), 6);
  }, 30_000);
  it('a sparse id (50,000,000 in a three-edge file) is refused with advice to relabel, not allocated', () => {
    const sparse = fileOf('sparse.txt', '0 1\n1 2\n2 50000000\n');
    expect(() => loadUploadedGraph(sparse, undefined, 1)).toThrow(UserInputError);
    expect(() => loadUploadedGraph(sparse, undefined, 1)).toThrow(
      /sparse\.txt: the largest node id 50000000 implies 50000001 nodes.*relabel the ids/,
    );
  });
});
