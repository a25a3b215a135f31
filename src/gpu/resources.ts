// Freeing GPU buffers together, so a plan that fails half-way through setup (a later buffer over a
// device limit) releases what it had already made.

/** Destroys every buffer in the list (ignores undefined). */
export function destroyAll(buffers: (GPUBuffer | undefined)[]): void {
  for (const b of buffers) b?.destroy();
}

/** Buffers created for one plan, destroyed together. */
export class BufferSet {
  private readonly all: GPUBuffer[] = [];
  add<T extends GPUBuffer>(b: T): T {
    this.all.push(b);
    return b;
  }
  destroy(): void {
    destroyAll(this.all);
    this.all.length = 0;
  }
  /**
   * Runs a plan's remaining setup (bind groups, more buffers): if it throws, everything the set
   * holds so far is destroyed before the error goes on, so a failed plan leaks nothing.
   */
  guard<T>(setUp: () => T): T {
    try {
      return setUp();
    } catch (e) {
      this.destroy();
      throw e;
    }
  }
}
