// Every experiment the workbench knows, in display order. Add new ones here.
import { deviceProbe } from './deviceProbe';
import { roofline } from './roofline';
import { lvXattn } from './lvXattn';
import { chai } from './chai';
import { marius } from './marius';
import { graphSnapshot } from './graphSnapshot';
import { benchmarks } from './benchmarks';
import { adaIvf } from './adaIvf';
import type { Experiment } from './types';

export const experiments: Experiment[] = [deviceProbe, roofline, lvXattn, chai, marius, benchmarks, graphSnapshot, adaIvf];

export function findExperiment(id: string): Experiment | undefined {
  return experiments.find((e) => e.id === id);
}
