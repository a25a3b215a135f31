// A cluster: identical GPUs in nodes, one link kind inside a node and one between nodes.
import type { GpuModel } from '../../sim/hardware';
import type { Link } from '../../sim/links';

export interface Cluster {
  gpu: GpuModel;
  nodes: number;
  gpusPerNode: number;
  intraNode: Link;
  interNode: Link;
}

export function gpuCount(c: Cluster): number {
  return c.nodes * c.gpusPerNode;
}

/**
 * The link that bounds a ring over all GPUs. Ranks are laid out node by node, so with more than
 * one node some hops cross nodes and every step waits for the slowest hop.
 */
export function ringBottleneck(c: Cluster): Link {
  if (c.nodes > 1) return c.interNode.bandwidthGBs < c.intraNode.bandwidthGBs ? c.interNode : c.intraNode;
  return c.intraNode;
}

/** Hop kinds around the ring, for display: 'intra' or 'inter' for each rank → rank+1. */
export function ringHops(c: Cluster): ('intra' | 'inter')[] {
  const n = gpuCount(c);
  return Array.from({ length: n }, (_, r) =>
    Math.floor(r / c.gpusPerNode) === Math.floor(((r + 1) % n) / c.gpusPerNode) ? 'intra' : 'inter',
  );
}
