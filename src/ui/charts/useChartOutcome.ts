// Which outcome (live model view or kept run) a chart spec belongs to, found by identity in the
// store, so every chart of that outcome shares one series-colour map and its exports can name
// the experiment, parameters, seed and device without each caller passing them down.
import { useContext, useMemo } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { ChartSpec } from '../../experiments/types';
import type { RunOutcome, WorkbenchState } from '../../state/types';
import type { ExportCaption } from '../export/caption';
import { WorkbenchContext } from '../WorkbenchContext';
import { resultSeriesColors, type SeriesColors } from './colors';

/** Stands in when a chart is drawn outside the workbench (tests, stand-alone pages). */
const emptyStore = createStore<Partial<WorkbenchState>>(() => ({}));

export function useChartOutcome(spec: ChartSpec): { colors?: SeriesColors; caption?: ExportCaption } {
  const ctx = useContext(WorkbenchContext);
  const outcome = useStore((ctx?.store ?? emptyStore) as typeof emptyStore, (s): RunOutcome | undefined =>
    [s.run?.outcome, (s as { measured?: RunOutcome }).measured].find((o) => o?.result.charts.includes(spec)),
  );
  const title = outcome && ctx?.experiments.find((e) => e.id === outcome.experimentId)?.title;
  return useMemo(() => {
    if (!outcome) return {};
    return {
      colors: resultSeriesColors(outcome.result),
      caption: {
        experiment: title ?? outcome.experimentId,
        params: outcome.values,
        seed: outcome.seed,
        device: outcome.device,
        appVersion: __APP_VERSION__,
        finishedAt: outcome.finishedAt,
      },
    };
  }, [outcome, title]);
}
