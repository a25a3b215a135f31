// `npm run reproduction-table [-- --check]`: regenerates the README's reproduction table from the
// experiments' paper presets (cli/reproductionTable.ts); --check only reports whether it is stale.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatOptions, parseArgs, UsageError, type OptionSpecs } from './args';
import { runCli } from './main';
import { renderReproductionTable, replaceReproductionTable, scanReproductions } from './reproductionTable';
import { fileURLToPath } from 'node:url';
import { experiments } from '../src/experiments/registry';

const OPTIONS: OptionSpecs = {
  check: { kind: 'switch', help: 'exit 1 if README.md is out of date instead of rewriting it' },
  'skip-failing': {
    kind: 'switch',
    help: "write the table even when some preset's model fails (those are listed as not computed)",
  },
  help: { kind: 'switch', help: 'show this help' },
};

await runCli(async () => {
  const args = parseArgs(process.argv.slice(2), OPTIONS);
  if (args.switches.has('help')) {
    process.stdout.write(`usage: npm run reproduction-table [-- --check]\n\n${formatOptions(OPTIONS)}\n`);
    return 0;
  }
  if (args.positionals.length) throw new UsageError(`unexpected argument ${args.positionals[0]}`);
  const path = join(fileURLToPath(new URL('..', import.meta.url)), 'README.md');
  const readme = await readFile(path, 'utf8');
  const scan = scanReproductions(experiments);
  for (const e of scan.errors)
    process.stderr.write(`${args.switches.has('skip-failing') ? 'warning' : 'error'}: ${e}\n`);
  if (scan.errors.length && !args.switches.has('skip-failing')) {
    process.stderr.write('error: README.md not rewritten (fix the failing presets, or pass --skip-failing)\n');
    return 1;
  }
  const next = replaceReproductionTable(readme, renderReproductionTable(scan));
  const summary = `${scan.rows.length} claims from ${new Set(scan.rows.map((r) => r.experiment.id)).size} experiments`;
  if (args.switches.has('check')) {
    if (next === readme) {
      process.stdout.write(`README.md reproduction table is up to date (${summary})\n`);
      return 0;
    }
    process.stderr.write('error: README.md reproduction table is out of date; run `npm run reproduction-table`\n');
    return 1;
  }
  await writeFile(path, next);
  process.stdout.write(`README.md reproduction table ${next === readme ? 'unchanged' : 'rewritten'} (${summary})\n`);
  return 0;
});
