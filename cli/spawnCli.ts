// Test helper: runs a CLI exactly as `npm run <name>` does (tsx + the ?raw loader), from the repo
// root, and collects its exit code and output.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `script` is a path relative to the repo root, e.g. 'cli/experiment.ts'; `env` adds to the environment. */
export function spawnCli(
  script: string,
  args: string[],
  timeoutMs = 60_000,
  env: NodeJS.ProcessEnv = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--import', './cli/register-raw.mjs', script, ...args],
      { cwd: REPO_ROOT, timeout: timeoutMs, maxBuffer: 16 << 20, env: { ...process.env, DEBUG: '', ...env } },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number') {
          reject(new Error(`${script} did not exit normally (${err.signal ?? err.message}); stderr:\n${stderr}`));
          return;
        }
        resolve({ code: err ? (err.code as number) : 0, stdout, stderr });
      },
    );
  });
}
