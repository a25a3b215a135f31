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
}
