// Output locations are checked before a run, so a bad --out fails in a second with exit 2
// instead of after minutes of GPU work with a raw filesystem error.
import { mkdir } from 'node:fs/promises';
import { UsageError } from './args';

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
