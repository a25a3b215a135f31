// `npm run bench -- --timeout S` on both hosts: the same message when a run gives up, and for the
// Node host a way to stop waiting for a run that never returns (a hung ORT session creation or
// mapAsync does not look at the abort signal).

/** Thrown when a benchmark run did not finish within --timeout. */
export class BenchTimeoutError extends Error {
  override name = 'BenchTimeoutError';
}

/** What both hosts say when they give up on a run. */
export function gaveUpMessage(seconds: number, lastProgress: string): string {
  return `gave up after ${seconds} s (--timeout): the benchmark had not finished (last progress: ${lastProgress || 'none'}); raise --timeout`;
}

/**
 * Waits for `run` at most `ms`; then aborts `controller` (the run stops where it checks its
 * signal) and rejects with a BenchTimeoutError at once, without waiting for the run to notice.
 */
export async function giveUpAfter<T>(
  run: Promise<T>,
  ms: number,
  controller: AbortController,
  lastProgress: () => string,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const gaveUp = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const e = new BenchTimeoutError(gaveUpMessage(ms / 1000, lastProgress()));
      controller.abort(e);
      reject(e);
    }, ms);
  });
  // A run that fails after we gave up has nobody left to tell.
  run.catch(() => {});
  try {
    return await Promise.race([run, gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}
