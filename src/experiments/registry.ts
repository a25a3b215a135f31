// Every experiment the workbench knows, in display order. Add new ones here.
import { deviceProbe } from './deviceProbe';
import { roofline } from './roofline';
import { lvXAttn } from './lvXAttn';
import { scalingLaws } from './scalingLaws';
import { chai } from './chai';
import { marius } from './marius';
import { graphSnapshot } from './graphSnapshot';
import { benchmarks } from './benchmarks';
import { adaIvf } from './adaIvf';
import { specDecoding } from './specDecoding';
import { bagpipe } from './bagpipe';
import { polythrottle } from './polythrottle';
import { mcbench } from './mcbench';
import { findExperimentIn } from './lookup';
import type { Experiment } from './types';

export const experiments: Experiment[] = [
  deviceProbe,
  roofline,
  lvXAttn,
  scalingLaws,
  chai,
  marius,
  benchmarks,
  graphSnapshot,
  adaIvf,
  specDecoding,
  bagpipe,
  polythrottle,
  mcbench,
];

/** The registered experiment with this id, or with it among its legacyIds (e.g. 'graphsnapshot'). */
export function findExperiment(id: string): Experiment | undefined {
  return findExperimentIn(experiments, id);
}
