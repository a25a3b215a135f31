// Marius (Mohoney et al., OSDI'21) on Freebase86m: the numbers its Tables 5 and 6 print, used as
// calibration points for this experiment's disk model. The setup the paper states: one V100
// machine, d = 100 embeddings plus their optimiser state (68.8 GB for 86.1M nodes = 800 B per
// node), a 400 MB/s cloud volume, 10 epochs.
//
// Compute speed is not a free constant here: Table 6 prints in-memory epoch times at d = 20 and
// d = 50 (no disk involved), so the in-memory epoch at d = 100 follows by a straight line through
// those two points (computed, an extrapolation: the paper prints no in-memory d = 100 run,
// because 68.8 GB does not fit its machine).

/** Freebase86m as Marius trains it: 86.1M nodes; of its 338M edges, the 90 % training split. */
export const FREEBASE = {
  numNodes: 86_054_151,
  /** Training edges per epoch (338.6M edges in all; 16.9M validation and 16.9M test held out). */
  trainEdges: 304_727_650,
  /** d = 100 f32 embedding + f32 optimiser state: 68.8 GB / 86.1M nodes (Table 1). */
  bytesPerNode: 800,
  epochs: 10,
};

/** Table 6, in-memory rows: epoch minutes at d = 20 and d = 50. */
export const IN_MEMORY_EPOCH_MIN: { d: number; minutes: number }[] = [
  { d: 20, minutes: 5 },
  { d: 50, minutes: 7.7 },
];

/** In-memory epoch minutes at embedding size d: the line through Table 6's two in-memory rows. */
export function inMemoryEpochMinutes(d: number): number {
  const [a, b] = IN_MEMORY_EPOCH_MIN as [{ d: number; minutes: number }, { d: number; minutes: number }];
  return a.minutes + ((b.minutes - a.minutes) / (b.d - a.d)) * (d - a.d);
}

/** Training edges per second implied by the in-memory line at d = 100 (≈ 416K edges/s). */
export const FREEBASE_EDGES_PER_SECOND = FREEBASE.trainEdges / (60 * inMemoryEpochMinutes(100));

export interface CalibrationPoint {
  id: string;
  /** Which preset reproduces it. */
  preset: string;
  claim: string;
  where: string;
  partitions: number;
  capacity: number;
  /** The printed minutes, and whether they are for all 10 epochs or one. */
  minutes: number;
  span: 'total' | 'epoch';
}

export const OSDI21_POINTS: CalibrationPoint[] = [
  {
    id: 'freebase-c4',
    preset: 'freebase86m',
    claim: 'Marius, Freebase86m d=100, 16 partitions, buffer C=4: 10 epochs',
    where: "Marius OSDI'21, Table 5",
    partitions: 16,
    capacity: 4,
    minutes: 162,
    span: 'total',
  },
  {
    id: 'freebase-c8',
    preset: 'freebase86m-c8',
    claim: 'Marius, Freebase86m d=100, 16 partitions, buffer C=8: 10 epochs',
    where: "Marius OSDI'21, Table 5",
    partitions: 16,
    capacity: 8,
    minutes: 136,
    span: 'total',
  },
  {
    id: 'freebase-p32',
    preset: 'freebase86m-p32',
    claim: 'Marius, Freebase86m d=100, 32 partitions, buffer 16: one epoch',
    where: "Marius OSDI'21, Table 6",
    partitions: 32,
    capacity: 16,
    minutes: 12.9,
    span: 'epoch',
  },
];
