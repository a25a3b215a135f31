// Embedding-table sizes of the data sets the trace generators imitate. Only the sizes come from
// the sources below; which rows are popular is our generator's power law (powerLaw.ts).
//  - Criteo Kaggle: the 26 categorical tables of Bagpipe's `kaggle_criteo_info` (33,762,577 rows),
//    as recorded in our TABLES.md §7.
//  - Avazu: the 21 tables of `generate_fae_split_file.py` in the Bagpipe artifact
//    (github.com/uw-mad-dash/bagpipe); they sum to 9,449,226 rows, the notes' "9.45M rows".
//  - Criteo Terabyte: the Bagpipe artifact reads it through DLRM's loader (data_loader_terabyte.py,
//    whose own check uses max_ind_range = 10 M) from a sampled file whose table sizes it never
//    prints. We take the 26 sizes of the DLRM reference (facebookresearch/dlrm, dlrm_s_pytorch.py
//    and tools/visualize.py, "Criteo Terabyte, --max-ind-range=10000000"; 49,126,297 rows): the
//    same preprocessing, so the same table sizes up to Bagpipe's sampling — an assumed workload.

export interface Dataset {
  id: 'criteo' | 'avazu' | 'terabyte';
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

export const CRITEO_TERABYTE: Dataset = {
  id: 'terabyte',
  name: 'Criteo Terabyte',
  tables: [
    9980333, 36084, 17217, 7378, 20134, 3, 7112, 1442, 61, 9758201, 1333352, 313829, 10, 2208, 11156, 122, 4, 970, 14,
    9994222, 7267859, 9946608, 415421, 12420, 101, 36,
  ],
  source:
    'DLRM reference (facebookresearch/dlrm), Criteo Terabyte with ids capped at 10 M per table: 26 tables, 49,126,297 rows (assumed: Bagpipe does not print its sizes)',
};

export const DATASETS: readonly Dataset[] = [CRITEO_KAGGLE, AVAZU, CRITEO_TERABYTE];

export function datasetOf(id: string): Dataset {
  return DATASETS.find((d) => d.id === id) ?? CRITEO_KAGGLE;
}

export const totalRows = (tables: readonly number[]): number => tables.reduce((a, b) => a + b, 0);

/** Table sizes divided by `scale` (at least one row each), for the scaled-down replay. */
export function scaledTables(tables: readonly number[], scale: number): number[] {
  return tables.map((n) => Math.max(1, Math.round(n / scale)));
}
