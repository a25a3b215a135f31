// Browser File objects → what the store's loader reads (name, text, modification time).
import type { ResultsFileInput } from '../../state/resultsFile';

export async function readResultsFiles(files: FileList | readonly File[]): Promise<ResultsFileInput[]> {
  return Promise.all(
    Array.from(files).map(async (f) => ({ name: f.name, text: await f.text(), lastModified: f.lastModified })),
  );
}
