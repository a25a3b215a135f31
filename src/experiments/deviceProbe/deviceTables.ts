// Adapter description, features and limits as tables, so they export to CSV like any result.
import type { Gpu } from '../../gpu/gpu';
import type { Table } from '../types';

export function deviceTables(gpu: Gpu): Table[] {
  const i = gpu.info;
  const info: Table = {
    id: 'device',
    title: 'Adapter',
    columns: [
      { key: 'property', label: 'Property', type: 'string', provenance: 'measured' },
      { key: 'value', label: 'Value', type: 'string', provenance: 'measured' },
    ],
    rows: [
      ['host', i.host],
      ['vendor', i.vendor],
      ['architecture', i.architecture],
      ['device', i.device],
      ['description', i.description],
      ['isFallbackAdapter', String(i.isFallbackAdapter)],
      ['subgroup sizes', i.subgroupMinSize ? `${i.subgroupMinSize}–${i.subgroupMaxSize}` : 'unknown'],
      ['features used', i.features.join(' ') || 'none'],
      ['adapter features', i.adapterFeatures.join(' ')],
    ],
  };
  const limits: Table = {
    id: 'limits',
    title: 'Limits (adapter maximum vs granted to the device)',
    columns: [
      { key: 'limit', label: 'Limit', type: 'string', provenance: 'measured' },
      { key: 'adapter', label: 'Adapter maximum', type: 'number', provenance: 'measured' },
      { key: 'device', label: 'Granted', type: 'number', provenance: 'measured' },
    ],
    rows: Object.keys(i.adapterLimits).map((k) => [k, i.adapterLimits[k]!, i.limits[k]!]),
  };
  return [info, limits];
}
