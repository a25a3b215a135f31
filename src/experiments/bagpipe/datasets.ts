// Embedding-table sizes of the data sets the trace generators imitate. Only the sizes come from
// the sources below; which rows are popular is our generator's power law (powerLaw.ts).
//  - Criteo Kaggle: the 26 categorical tables of Bagpipe's `kaggle_criteo_info` (33,762,577 rows),
//    as recorded in our TABLES.md §7.
//  - Avazu: the 21 tables of `generate_fae_split_file.py` in the Bagpipe artifact
//    (github.com/uw-mad-dash/bagpipe); they sum to 9,449,226 rows, the notes' "9.45M rows".
//  - Terabyte: neither our notes nor TABLES.md give its table sizes, so it is left out.

export interface Dataset {
  id: 'criteo' | 'avazu';
  name: string;
  tables: readonly number[];
  source: string;
}

export const CRITEO_KAGGLE: Dataset = {
  id: 'criteo',
  name: 'Criteo Kaggle',
  tables: [
    1460, 583, 10131227, 2202608, 305, 24, 12517, 633, 3, 93145, 5683, 8351593, 3194, 27, 14992, 5461306, 10, 5652,
    2173, 4, 7046547, 18, 15, 286181, 105, 142572,
  ],
  source: 'Bagpipe artifact, kaggle_criteo_info: 26 tables, 33,762,577 rows',
};

export const AVAZU: Dataset = {
  id: 'avazu',
  name: 'Avazu',
  tables: [8, 8, 4738, 7746, 27, 8553, 560, 37, 2686409, 6729487, 8252, 6, 5, 2627, 9, 10, 436, 5, 69, 173, 61],
  source: 'Bagpipe artifact generate_fae_split_file.py: 21 tables, 9,449,226 rows (notes §4: 9.45M)',
};

export function datasetOf(id: string): Dataset {
  return id === 'avazu' ? AVAZU : CRITEO_KAGGLE;
}

export const totalRows = (tables: readonly number[]): number => tables.reduce((a, b) => a + b, 0);

/** Table sizes divided by `scale` (at least one row each), for the scaled-down replay. */
export function scaledTables(tables: readonly number[], scale: number): number[] {
  return tables.map((n) => Math.max(1, Math.round(n / scale)));
}
