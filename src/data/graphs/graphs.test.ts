import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { csrFromEdges, dedupeCsr, degrees, GraphFormatError, inducedSubgraph, transposeCsr, validateCsr } from './csr';
import { loadEdgeList } from './edgeListLoader';
import { generateRmat, generateSbm } from './generators';
import { karateClubTask, lesMiserablesTask } from './realGraphs';
import { KARATE_CLUB_EDGES, KARATE_CLUB_LABELS } from './karateClub';
import { LES_MISERABLES_EDGES, LES_MISERABLES_GROUPS, LES_MISERABLES_NAMES } from './lesMiserables';

describe('CSR', () => {
  it('keeps duplicates and self-loops, rows in input order; symmetric adds reverses', () => {
    const g = csrFromEdges([2, 0, 2, 1], [1, 2, 1, 1], 4);
    expect(Array.from(g.indptr)).toEqual([0, 1, 2, 4, 4]);
    expect(Array.from(g.indices)).toEqual([2, 1, 1, 1]);
    const s = csrFromEdges([0], [3], 4, { symmetric: true });
    expect(Array.from(degrees(s))).toEqual([1, 0, 0, 1]);
    expect(Array.from(dedupeCsr(g).indices)).toEqual([2, 1, 1]);
  });
  it('transpose and induced subgraph', () => {
    const g = csrFromEdges([0, 0, 1, 2], [1, 2, 2, 0], 3);
    const t = transposeCsr(g);
    expect(Array.from(t.graph.indptr)).toEqual([0, 1, 2, 4]);
    expect(Array.from(t.graph.indices)).toEqual([2, 0, 0, 1]);
    expect(Array.from(t.edgeOf)).toEqual([3, 0, 1, 2]);
    const sub = inducedSubgraph(g, Uint8Array.of(1, 0, 1));
    expect(Array.from(sub.indices)).toEqual([2, 0]);
  });
  it('names the edge whose id is beyond the node count, and a broken CSR', () => {
    expect(() => csrFromEdges([0, 1], [1, 5], 3)).toThrow(/edge 1 \(1 → 5\) has node id 5, beyond the node count 3/);
    expect(() => validateCsr({ numNodes: 2, indptr: Int32Array.of(0, 1), indices: Int32Array.of(0) })).toThrow(
      /indptr has 2 entries, expected numNodes \+ 1 = 3/,
    );
  });
});

describe('edge-list loader', () => {
  it('detects 1-based ids and says so; skips a header; keeps line numbers in errors', () => {
    const r = loadEdgeList('source,target\n1,2\n2,3\n# comment\n3,1\n');
    expect(r.base).toBe(1);
    expect(r.graph.numNodes).toBe(3);
    expect(Array.from(r.src)).toEqual([0, 1, 2]);
    expect(r.notes.join(' ')).toMatch(/header.*1-based/);
    expect(loadEdgeList('0 1\n1 2').base).toBe(0);
    expect(loadEdgeList('% mtx\n5\t6\t0.5\n', { base: 0 }).graph.numNodes).toBe(7);
  });
  it('clear errors: non-numeric id, missing column, id beyond the node count, empty', () => {
    expect(() => loadEdgeList('0 1\n1 x\n')).toThrow(/invalid node id 'x' on line 2/);
    expect(() => loadEdgeList('0 1\n2\n')).toThrow(/line 2 has 1 value, expected "u v"/);
    expect(() => loadEdgeList('# c\n0 1\n\n1 7\n', { numNodes: 5 })).toThrow(
      /node id 7 on line 4 is beyond the node count 5/,
    );
    expect(() => loadEdgeList('1 2\n0 1\n', { base: 1 })).toThrow(/id 0 on line 2 but the ids were declared 1-based/);
    expect(() => loadEdgeList('# nothing\n')).toThrow(GraphFormatError);
  });
});

describe('generators', () => {
  it('SBM: community labels, homophilous edges, requested mean degree, deterministic', () => {
    const t = generateSbm({
      numNodes: 2000,
      communities: 5,
      avgDegree: 10,
      homophily: 0.9,
      featureDim: 4,
      featureNoise: 1,
      trainFraction: 0.6,
      validFraction: 0.2,
      seed: 3,
    });
    expect(t.graph.indices.length / 2000).toBeCloseTo(10, 0);
    let same = 0;
    for (let v = 0; v < 2000; v++)
      for (let e = t.graph.indptr[v]!; e < t.graph.indptr[v + 1]!; e++)
        if (t.labels[t.graph.indices[e]!] === t.labels[v]) same++;
    expect(same / t.graph.indices.length).toBeGreaterThan(0.85);
    expect(t.train.length + t.valid.length + t.test.length).toBe(2000);
    const again = generateSbm({
      numNodes: 2000,
      communities: 5,
      avgDegree: 10,
      homophily: 0.9,
      featureDim: 4,
      featureNoise: 1,
      trainFraction: 0.6,
      validFraction: 0.2,
      seed: 3,
    });
    expect(Array.from(again.graph.indices)).toEqual(Array.from(t.graph.indices));
  });
  it('R-MAT: skewed degrees (max degree ≫ mean)', () => {
    const g = generateRmat({ scale: 12, numEdges: 40_000, seed: 1 });
    const d = degrees(g);
    const mean = g.indices.length / g.numNodes;
    expect(Math.max(...d)).toBeGreaterThan(20 * mean);
  });
});

describe('shipped real graphs', () => {
  it('TS modules equal the files in public/data/graphs', () => {
    const k = JSON.parse(readFileSync('public/data/graphs/karate.json', 'utf8'));
    expect(k.edges).toEqual(KARATE_CLUB_EDGES);
    expect(k.club).toEqual(KARATE_CLUB_LABELS);
    const m = JSON.parse(readFileSync('public/data/graphs/lesmiserables.json', 'utf8'));
    expect(m.edges).toEqual(LES_MISERABLES_EDGES);
    expect(m.groups).toEqual(LES_MISERABLES_GROUPS);
    expect(m.nodes).toEqual(LES_MISERABLES_NAMES);
    const tsv = loadEdgeList(readFileSync('public/data/graphs/karate.tsv', 'utf8'), { name: 'karate.tsv' });
    expect(tsv.base).toBe(0);
    expect(tsv.src.length).toBe(78);
  });
  it('karate: 34 nodes, 78 edges, 2 factions of 17; Les Misérables: 77 nodes, 254 edges, 11 groups', () => {
    const k = karateClubTask(1);
    expect(k.graph.numNodes).toBe(34);
    expect(k.graph.indices.length).toBe(156);
    expect(KARATE_CLUB_LABELS.filter((c) => c === 0).length).toBe(17);
    const m = lesMiserablesTask(1);
    expect([m.graph.numNodes, m.graph.indices.length / 2, m.numClasses]).toEqual([77, 254, 11]);
  });
});
