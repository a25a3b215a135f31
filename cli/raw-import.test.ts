// The ?raw loader must give Node the same module Vite gives the browser: the file's exact text.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnCli } from './spawnCli';

const dir = mkdtempSync(join(tmpdir(), 'raw-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Quotes, backslashes, unicode and CRLF must survive the round trip through the generated module.
const SHADER = 'fn main() {\r\n  let s = "quoted \\ back`${x}`";\n}\n// ×÷ é\n';

describe('cli/register-raw.mjs', () => {
  it('imports a ?raw file as its text from TypeScript run through tsx, and defines __APP_VERSION__', async () => {
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    writeFileSync(join(dir, 'k.wgsl'), SHADER);
    writeFileSync(
      join(dir, 'main.ts'),
      [
        "import code from './k.wgsl?raw';",
        'const typed: string = code;',
        'declare const __APP_VERSION__: string;',
        'process.stdout.write(JSON.stringify({ code: typed, version: __APP_VERSION__ }));',
      ].join('\n'),
    );
    const r = await spawnCli(join(dir, 'main.ts'), []);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { code: string; version: string };
    expect(out.code).toBe(SHADER);
    const pkg = (await import('../package.json', { with: { type: 'json' } })).default as { version: string };
    expect(out.version).toBe(pkg.version);
  });

  it('names the missing file and the importer when a ?raw target does not exist', async () => {
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    writeFileSync(join(dir, 'missing.ts'), "import code from './nope.wgsl?raw';\nconsole.log(code);\n");
    const r = await spawnCli(join(dir, 'missing.ts'), []);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`cannot find file ${join(dir, 'nope.wgsl')}`);
    expect(r.stderr).toContain(`imported from ${join(dir, 'missing.ts')}`);
  });

  it('leaves ordinary imports to tsx', async () => {
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    writeFileSync(join(dir, 'lib.ts'), 'export const three: number = 3;\n');
    writeFileSync(join(dir, 'plain.ts'), "import { three } from './lib';\nprocess.stdout.write(String(three * 2));\n");
    const r = await spawnCli(join(dir, 'plain.ts'), []);
    expect(r.stdout).toBe('6');
  });
});
