// CSV export shared by the UI and the CLI: quoting, units and provenance header lines, and the
// device description written into them.
import { csvParse } from 'd3';
import { describe, expect, it } from 'vitest';
import type { Table } from './types';
import type { GpuInfo } from '../gpu/types';
import { buildCsv, describeDevice } from './csv';

const table: Table = {
  id: 'sweep',
  title: 'Throughput sweep',
  columns: [
    { key: 'size', label: 'Size', unit: 'elements', provenance: 'measured', type: 'number' },
    { key: 'kernel', label: 'Kernel', provenance: 'measured', type: 'string' },
    { key: 'gbps', label: 'Bandwidth', unit: 'GB/s', provenance: 'modeled', type: 'number' },
  ],
  rows: [
    [1024, 'copy', 12.5],
    [2048, 'copy, "vec4"', null],
    [4096, 'fma', 1e-7],
  ],
};

const meta = {
  experiment: 'device-probe',
  params: { size: 4096, precise: true, model: 'h100' },
  seed: 7,
  device: 'SwiftShader Device\n(Subzero) (CPU emulation)',
  appVersion: '0.1.0',
  generatedAt: '2025-01-02T03:04:05.000Z',
};

function split(csv: string): { comments: string[]; body: string } {
  const lines = csv.split('\n');
  return {
    comments: lines.filter((l) => l.startsWith('# ')),
    body: lines.filter((l) => !l.startsWith('# ')).join('\n'),
  };
}

describe('buildCsv', () => {
  it('round-trips through d3.csvParse with keys as the header', () => {
    const { body } = split(buildCsv(table, meta));
    const parsed = csvParse(body);
    expect(parsed.columns).toEqual(['size', 'kernel', 'gbps']);
    expect(parsed).toHaveLength(3);
    expect(parsed[0]).toMatchObject({ size: '1024', kernel: 'copy', gbps: '12.5' });
    // Quoting survives commas and quotes; null becomes an empty cell.
    expect(parsed[1]).toMatchObject({ kernel: 'copy, "vec4"', gbps: '' });
    expect(Number(parsed[2]!.gbps)).toBe(1e-7);
  });

  it('writes provenance comment lines, each on one line', () => {
    const { comments } = split(buildCsv(table, meta));
    expect(comments).toContain('# experiment: device-probe');
    expect(comments).toContain('# params: size=4096, precise=true, model=h100');
    expect(comments).toContain('# seed: 7');
    expect(comments).toContain('# device: SwiftShader Device (Subzero) (CPU emulation)');
    expect(comments).toContain('# app version: 0.1.0');
    expect(comments).toContain('# generated: 2025-01-02T03:04:05.000Z');
    expect(comments.find((c) => c.startsWith('# columns:'))).toBe(
      '# columns: size [elements] (measured), kernel (measured), gbps [GB/s] (modeled)',
    );
  });

  it('puts every comment before the header', () => {
    const lines = buildCsv(table, meta).split('\n');
    const header = lines.findIndex((l) => !l.startsWith('# '));
    expect(lines[header]).toBe('size,kernel,gbps');
    expect(lines.slice(header).some((l) => l.startsWith('#'))).toBe(false);
  });

  it('handles an empty table and no params', () => {
    const csv = buildCsv({ ...table, rows: [] }, { ...meta, params: {} });
    expect(split(csv).comments).toContain('# params: (none)');
    expect(csvParse(split(csv).body)).toHaveLength(0);
  });
});

describe('describeDevice', () => {
  const info: GpuInfo = {
    host: 'browser',
    vendor: 'google',
    architecture: 'swiftshader',
    device: '',
    description: 'SwiftShader Device',
    isFallbackAdapter: true,
    features: [],
    adapterFeatures: [],
    limits: {},
    adapterLimits: {},
  };
  it('marks fallback adapters as CPU emulation', () => {
    expect(describeDevice(info)).toBe('SwiftShader Device (google/swiftshader) (CPU emulation)');
    expect(describeDevice({ ...info, isFallbackAdapter: false, description: '', device: 'RTX' })).toBe(
      'RTX (google/swiftshader)',
    );
  });
  it('names an adapter without a description by vendor and architecture, not "unnamed"', () => {
    expect(describeDevice({ ...info, description: '', device: '' })).toBe('google swiftshader (CPU emulation)');
    expect(describeDevice({ ...info, description: '', device: '', vendor: '', architecture: '' })).toBe(
      'unnamed adapter (CPU emulation)',
    );
  });
  it('says when there is no WebGPU', () => {
    expect(describeDevice(undefined)).toBe('no WebGPU');
  });
});
