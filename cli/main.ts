// Shared process plumbing for the CLIs: exit codes, error messages and cleanup.
//   exit 0  success
//   exit 1  unexpected failure (a bug or a broken environment); stack trace only with DEBUG set
//   exit 2  the user's input was wrong (bad flag, value, file, shape, or a device limit)
//   exit 3  --require-gpu was given and no WebGPU device opened
import { UsageError } from './args';
import { UserInputError } from '../src/core';
import { DeviceLimitError, WebGpuUnavailableError } from '../src/gpu/errors';
import { NpyFormatError } from '../src/data/npy';

export const EXIT_UNEXPECTED = 1;
export const EXIT_USER_ERROR = 2;
export const EXIT_NO_GPU = 3;

/** Errors the user can fix by changing the command line, the files or the machine. */
export function isUserError(e: unknown): boolean {
  return (
    e instanceof UsageError ||
    e instanceof UserInputError ||
    e instanceof DeviceLimitError ||
    e instanceof WebGpuUnavailableError ||
    e instanceof NpyFormatError
  );
}

export function printError(e: unknown): number {
  if (isUserError(e)) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    return EXIT_USER_ERROR;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  process.stderr.write(`error: ${err.message}\n`);
  if (process.env.DEBUG) process.stderr.write(`${err.stack ?? ''}\n`);
  else process.stderr.write('(set DEBUG=1 for the stack trace)\n');
  return EXIT_UNEXPECTED;
}

/**
 * Runs a CLI body. Cleanups (GPU teardown) registered through `onExit` run whatever happens,
 * because dawn.node keeps the process alive while a device exists.
 */
export async function runCli(body: (onExit: (cleanup: () => void) => void) => Promise<number | void>): Promise<never> {
  const cleanups: (() => void)[] = [];
  let code = 0;
  try {
    code = (await body((c) => cleanups.push(c))) ?? 0;
  } catch (e) {
    code = printError(e);
  }
  for (const c of cleanups.reverse()) {
    try {
      c();
    } catch (e) {
      process.stderr.write(`warning: cleanup failed: ${(e as Error).message}\n`);
    }
  }
  // Exit explicitly: a stray native handle must not leave the CLI hanging after its answer.
  await new Promise<void>((r) => process.stdout.write('', () => r()));
  process.exit(code);
}
