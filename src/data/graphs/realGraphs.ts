// The shipped real graphs as node-classification tasks. Neither has node features, so each node
// gets a one-hot identity feature (the usual choice for these graphs since Kipf & Welling 2017):
// a model can then only generalise to unlabelled nodes through the graph structure.
import { createRng } from '../pcg32';
import { csrFromEdges } from './csr';
import { splitNodes, type NodeClassificationGraph } from './generators';
import { KARATE_CLUB_EDGES, KARATE_CLUB_LABELS } from './karateClub';
import { LES_MISERABLES_EDGES, LES_MISERABLES_GROUPS } from './lesMiserables';

function oneHot(n: number): Float32Array {
  const x = new Float32Array(n * n);
  for (let i = 0; i < n; i++) x[i * n + i] = 1;
  return x;
}

function build(
  name: string,
  edges: readonly (readonly number[])[],
  labelList: readonly number[],
  trainFraction: number,
  seed: number,
): NodeClassificationGraph {
  const n = labelList.length;
  const graph = csrFromEdges(
    edges.map((e) => e[0]!),
    edges.map((e) => e[1]!),
    n,
    { symmetric: true, name },
  );
  const labels = Int32Array.from(labelList);
  const split = splitNodes(n, trainFraction, 0, createRng(seed));
  return { graph, features: oneHot(n), featureDim: n, labels, numClasses: Math.max(...labelList) + 1, ...split, name };
}

/** Zachary's karate club: 34 nodes, 78 edges, 2 factions. */
export function karateClubTask(seed: number, trainFraction = 0.3): NodeClassificationGraph {
  return build('Zachary karate club', KARATE_CLUB_EDGES, KARATE_CLUB_LABELS, trainFraction, seed);
}

/** Les Misérables co-occurrences: 77 nodes, 254 edges, 11 groups (edge weights ignored). */
export function lesMiserablesTask(seed: number, trainFraction = 0.5): NodeClassificationGraph {
  return build('Les Misérables', LES_MISERABLES_EDGES, LES_MISERABLES_GROUPS, trainFraction, seed);
}
