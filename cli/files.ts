// Files named on the command line: output locations are checked before a run, so a bad --out fails
// in a second with exit 2 instead of after minutes of GPU work with a raw filesystem error; input
// files (.npy tensors, 'file' parameters and settings) are read before any GPU work, and a path
// that cannot be read is a user error naming the option and the reason in words.
import { mkdir, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { UsageError } from './args';
import type { LoadedFile, ParamSpec, ParamValues } from '../src/core';

/** mkdir -p, reporting why it failed in words. */
export async function ensureDir(dir: string, option: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'EEXIST' || code === 'ENOTDIR'
        ? 'a file is in the way'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : (e as Error).message;
    throw new UsageError(`--${option}: cannot create directory ${dir}: ${why}`);
  }
}

/** Reads a whole file; `what` names it in the error ("input a", "weights"). */
export async function readUserFile(path: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : (e as Error).message;
    throw new UsageError(`${what}: cannot read ${path}: ${why}`);
  }
}

/**
 * For 'file' parameters (an experiment's params, a kernel's settings) the CLI value is a path:
 * read each one given, by key, so a bad path fails before any GPU work.
 */
export async function readParamFiles(specs: ParamSpec[], values: ParamValues): Promise<Record<string, LoadedFile>> {
  const files: Record<string, LoadedFile> = {};
  for (const spec of specs) {
    const path = values[spec.key];
    if (spec.kind !== 'file' || typeof path !== 'string' || path === '') continue;
    files[spec.key] = { name: basename(path), bytes: await readUserFile(path, spec.key) };
  }
  return files;
}
