// Paper vs model: the calibrated rows land where they were calibrated, the predicted rows keep the
// paper's trends, and the paper column holds only numbers the paper prints.
import { describe, expect, it } from 'vitest';
import { calibrationRows, table2Row, table3Row } from './calibration';
import { PAPER } from './paperClaims';

const rows = calibrationRows();
const find = (text: string) => rows.find((r) => r.result.includes(text))!;

describe('calibration against the paper', () => {
  it('Table 3 (Orin, minimum GPU clock): B0 lands on 47.6 %, and savings shrink with model size as printed', () => {
    const s = (['b0', 'b4', 'b7', 'bert'] as const).map((w) => table3Row(w).savedPct);
    expect(s[0]).toBeGreaterThan(44);
    expect(s[0]).toBeLessThan(51);
    expect(s[0]).toBeGreaterThan(s[1]!);
    expect(s[1]).toBeGreaterThan(s[2]!);
    expect(s[2]).toBeGreaterThanOrEqual(s[3]!);
    expect(s[3]).toBeLessThan(3); // paper 1.1 %
    // The optimal minimum clock of the two small models is high, as the paper's 1236 / 1033 MHz.
    expect(table3Row('b0').minGpuMHz).toBeGreaterThan(900);
    expect(table3Row('b4').minGpuMHz).toBeGreaterThan(800);
  });
  it('Table 2 (TX2, memory clock): the EfficientNets’ optimum is 1331 MHz, BERT saves most at a lower clock', () => {
    for (const w of ['b0', 'b4', 'b7'] as const) expect(table2Row(w).memMHz).toBe(1331.2);
    const bert = table2Row('bert');
    expect(bert.memMHz).toBeLessThan(1331.2);
    for (const w of ['b0', 'b4', 'b7'] as const) expect(bert.savedPct).toBeGreaterThan(table2Row(w).savedPct);
    expect(bert.savedPct).toBeGreaterThan(18); // paper 25.4 %
    for (const w of ['b0', 'b4', 'b7'] as const) expect(table2Row(w).savedPct).toBeGreaterThan(5); // paper 12–15 %
  });
  it('Table 7 (CPU clock) and Fig. 2 (Orin B7 energy range) are within a few percent / 15 %', () => {
    for (const name of ['Jetson AGX Orin: preprocessing', 'Jetson TX2: preprocessing']) {
      const r = find(name);
      expect(Math.abs(r.ours - r.paper), name).toBeLessThan(3);
    }
    for (const name of ['Orin B7: lowest energy', 'Orin B7: energy per query of the fastest']) {
      const r = find(name);
      expect(Math.abs(r.ours / r.paper - 1), name).toBeLessThan(0.15);
    }
    // A prediction: TX2 B4's Fig. 2 range (0.60–0.85 J) within 20 %.
    for (const name of ['TX2 B4: lowest energy', 'TX2 B4: energy per query of the fastest']) {
      const r = find(name);
      expect(Math.abs(r.ours / r.paper - 1), name).toBeLessThan(0.2);
    }
  });
  it('the grid sizes and peak bandwidths are derived exactly', () => {
    expect(find('Jetson TX2: grid size').ours).toBe(5005);
    expect(find('Jetson AGX Orin: grid size').ours).toBe(1820);
    for (const r of rows.filter((x) => x.role === 'derived' && x.unit === 'GB/s'))
      expect(r.ours).toBeCloseTo(r.paper, 0);
  });
  it('every paper value is one the paper prints, and every row says whether it was calibrated', () => {
    const printed = new Set<number>(
      JSON.stringify(PAPER)
        .match(/-?\d+(\.\d+)?/g)!
        .map(Number),
    );
    for (const r of rows) {
      expect(printed.has(r.paper), `${r.result}: ${r.paper}`).toBe(true);
      expect(['calibrated', 'predicted', 'derived']).toContain(r.role);
    }
    expect(rows.filter((r) => r.role === 'predicted').length).toBeGreaterThanOrEqual(6);
  });
});
