// Small user-style files for the edge-list upload tests: two communities of `size` nodes (a ring
// with chords inside each, two bridges between them), written 1-based with a header and comments,
// as a user's export would be, plus the matching "node label" file (community = class).
import type { LoadedFile } from '../../core';

export const fileOf = (name: string, text: string): LoadedFile => ({ name, bytes: new TextEncoder().encode(text) });

export function twoCommunityEdgeList(size = 12): string {
  const lines = ['% two communities, 1-based ids', 'source,target', '# community A'];
  for (const offset of [0, size]) {
    if (offset) lines.push('# community B');
    for (let i = 0; i < size; i++)
      for (const step of [1, 2, 3]) lines.push(`${offset + i + 1},${offset + ((i + step) % size) + 1}`);
  }
  lines.push('# bridges', `1,${size + 1}`, `${size / 2 + 1},${size + size / 2 + 1}`);
  return lines.join('\n') + '\n';
}

export function twoCommunityLabels(size = 12): string {
  const lines = ['node label'];
  for (let v = 1; v <= 2 * size; v++) lines.push(`${v} ${v <= size ? 0 : 1}`);
  return lines.join('\n') + '\n';
}
