// Interconnects, as bandwidth per direction plus a per-message latency. A transfer of B bytes
// over a link takes latency + B / bandwidth (the α–β model).

export interface Link {
  id: string;
  name: string;
  /** GB/s (1e9 B/s) in one direction. */
  bandwidthGBs: number;
  /** Per-message latency, microseconds. */
  latencyUs: number;
}

export const LINK_CATALOG: readonly Link[] = [
  { id: 'nvlink3', name: 'NVLink 3 (A100), 300 GB/s', bandwidthGBs: 300, latencyUs: 3 },
  { id: 'nvlink4', name: 'NVLink 4 (H100), 450 GB/s', bandwidthGBs: 450, latencyUs: 3 },
  { id: 'pcie-64', name: 'PCIe, 64 GB/s (paper cluster 3)', bandwidthGBs: 64, latencyUs: 5 },
  { id: 'pcie4', name: 'PCIe 4.0 x16, 32 GB/s', bandwidthGBs: 32, latencyUs: 5 },
  { id: 'ib-200', name: 'Inter-node 25 GB/s (200 Gb/s)', bandwidthGBs: 25, latencyUs: 10 },
  { id: 'eth-10', name: 'Inter-node 1.25 GB/s (10 Gb/s)', bandwidthGBs: 1.25, latencyUs: 30 },
];

export function findLink(id: string): Link | undefined {
  return LINK_CATALOG.find((l) => l.id === id);
}

export function transferMs(link: Link, bytes: number): number {
  if (bytes <= 0) return 0;
  return link.latencyUs / 1000 + bytes / (link.bandwidthGBs * 1e6);
}
