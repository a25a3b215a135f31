// Turns parameter values into the experiment's inputs: the update/query stream (drifting mixture
// or the shipped digits), the policy parameters and the list of policies to compare.
import { loadDigits } from '../../data/digits';
import { createDriftingMixture } from '../../data/gaussianMixture';
import type { Rng } from '../../data/pcg32';
import {
  fileOrderLabels,
  labelledWorkload,
  mixtureWorkload,
  type VectorWorkload,
  type WorkloadSpec,
} from '../../data/vectorWorkload';
import { assertSameWidth, formatOf, parseVectorFile } from '../../data/vectorFile';
import { adaIvfPolicy } from './ivfAda';
import { dedriftPolicy } from './ivfDedrift';
import { lirePolicy } from './ivfLire';
import { frozenPolicy, rebuildPolicy, updatePolicy, type MaintenancePolicy, type PolicyParams } from './ivfPolicy';
import { UserInputError, type LoadedFile, type ParamValues } from '../types';

export function workloadSpec(p: ParamValues): WorkloadSpec {
  return {
    initialFraction: p.initialFraction as number,
    batchSize: p.batchSize as number,
    deleteFraction: p.deleteFraction as number,
    clusterSamplingFraction: p.csf as number,
    readWriteRatio: p.readWriteRatio as number,
    queryMode: p.queryMode as 'uniform' | 'localized',
    queryFocus: p.queryFocus as number,
    evalQueries: p.evalQueries as number,
    checkpoints: p.checkpoints as number,
  };
}

/** The user's vector file (and optional query file) as a stream, or null when none was chosen. */
export function uploadedWorkload(p: ParamValues, files: Record<string, LoadedFile>, rng: Rng): VectorWorkload | null {
  const file = p.vectorFile ? files.vectorFile : undefined;
  if (!file) {
    if (p.queryFile)
      throw new UserInputError(`queries "${String(p.queryFile)}" need your vectors too: choose a vector file`);
    return null;
  }
  const lastColumn = p.fileLabels === 'last-column';
  if (lastColumn && formatOf(file.name) !== 'csv')
    throw new UserInputError(`${file.name}: labels in the last column are only read from CSV files`);
  const set = parseVectorFile(file.bytes, file.name, lastColumn ? { labelColumn: -1 } : {});
  let queries: Float32Array | undefined;
  const qFile = p.queryFile ? files.queryFile : undefined;
  if (qFile) {
    const q = parseVectorFile(qFile.bytes, qFile.name);
    assertSameWidth(set, q, file.name, qFile.name);
    queries = q.data;
  }
  const labels = set.labels ?? fileOrderLabels(set.rows);
  const order = set.labels ? 'label by label' : 'in file order';
  return labelledWorkload(
    set.data,
    labels,
    set.d,
    workloadSpec(p),
    rng.fork(1),
    `${file.name} (${set.rows}×${set.d}), streamed ${order}`,
    0.1,
    queries,
  );
}

export async function buildWorkload(
  p: ParamValues,
  rng: Rng,
  files: Record<string, LoadedFile> = {},
): Promise<VectorWorkload> {
  const spec = workloadSpec(p);
  const uploaded = uploadedWorkload(p, files, rng);
  if (uploaded) return uploaded;
  if (p.dataset === 'digits') {
    const digits = await loadDigits();
    return labelledWorkload(
      digits.data,
      digits.labels,
      digits.d,
      spec,
      rng.fork(1),
      'scikit-learn digits (UCI), streamed by label',
    );
  }
  const mix = createDriftingMixture(
    {
      components: p.components as number,
      dim: p.dim as number,
      separation: 1,
      sigma: p.spread as number,
      drift: p.drift as number,
    },
    rng.fork(1),
  );
  return mixtureWorkload(mix, p.vectors as number, spec, rng.fork(2));
}

export function policyParams(p: ParamValues): PolicyParams {
  return {
    targetSize: p.targetSize as number,
    rebuildFraction: p.rebuildFraction as number,
    rebuildIters: p.rebuildIters as number,
    localIters: p.localIters as number,
    neighbours: p.neighbours as number,
    balance: p.balance as number,
    lireMin: p.lireMin as number,
    lireMax: p.lireMax as number,
    dedriftMode: p.dedriftMode as PolicyParams['dedriftMode'],
    dedriftShare: p.dedriftShare as number,
    alpha: p.alpha as number,
    beta: p.beta as number,
    tauF: p.tauF as number,
    gamma: p.gamma as number,
    tauG: p.tauG as number,
    eta: p.eta as number,
    nu: p.nu as number,
  };
}

export function selectedPolicies(p: ParamValues): MaintenancePolicy[] {
  const all: [string, () => MaintenancePolicy][] = [
    ['runFrozen', frozenPolicy],
    ['runUpdate', updatePolicy],
    ['runLire', lirePolicy],
    ['runDedrift', dedriftPolicy],
    ['runAda', adaIvfPolicy],
    ['runRebuild', rebuildPolicy],
  ];
  return all.filter(([key]) => p[key] !== false).map(([, make]) => make());
}
