// `npm run adapter` and the --adapter choice shared by the CLIs (dawn.node's `adapter=` option),
// on whatever adapter dawn.node finds here (SwiftShader in CI).
import { describe, expect, it } from 'vitest';
import { spawnCli } from './spawnCli';

describe('npm run adapter', () => {
  it('--json describes the adapter the CLIs get', async () => {
    const r = await spawnCli('cli/adapter.ts', ['--json']);
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info.host).toBe('node');
    expect(typeof info.description).toBe('string');
    expect(typeof info.isFallbackAdapter).toBe('boolean');
    expect(info.isCpuEmulation).toBe(info.isFallbackAdapter);
    expect(info.limits.maxBufferSize).toBeGreaterThan(0);
  });

  it('prints a readable summary by default', async () => {
    const r = await spawnCli('cli/adapter.ts', []);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^adapter: .+\nvendor: /);
    expect(r.stdout).toMatch(/^CPU emulation: (yes|no)/m);
  });

  it('an adapter name that matches none is a user error listing the adapters', async () => {
    const r = await spawnCli('cli/adapter.ts', ['--adapter', 'no-such-adapter-xyz']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: no WebGPU adapter matches "no-such-adapter-xyz"\. Available adapters:/);
    expect(r.stderr).toMatch(/\* backend: '\w+', name: '/);
  });

  it('the experiment CLI takes --adapter too, and $WORKBENCH_ADAPTER when it is absent', async () => {
    const flag = await spawnCli('cli/experiment.ts', ['device-probe', '--adapter', 'no-such-adapter-xyz']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('no WebGPU adapter matches "no-such-adapter-xyz"');
    // An optional-GPU experiment with an adapter asked for by name does not fall back to the model.
    const env = await spawnCli('cli/experiment.ts', ['chai', '--preset', 'synthetic-redundant'], 60_000, {
      WORKBENCH_ADAPTER: 'no-such-adapter-xyz',
    });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('no WebGPU adapter matches "no-such-adapter-xyz"');
  });

  it('rejects stray arguments with exit 2', async () => {
    const r = await spawnCli('cli/adapter.ts', ['extra']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: unexpected argument extra/);
  });
});
