// Loading results files (runs from other devices) into the open experiment. Loaded runs stay for
// the session, per experiment, beside the live model; a file of another experiment is not mixed
// in but offered: "open that experiment" moves there and shows it.
import { UserInputError } from '../core/errors';
import { parseResultsFile, type ResultsFileInput } from './resultsFile';
import type { WorkbenchActions, WorkbenchDeps, WorkbenchState } from './types';

type Set = (partial: Partial<WorkbenchState>) => void;
type Get = () => WorkbenchState;

export type LoadActions = Pick<
  WorkbenchActions,
  'loadResults' | 'acceptLoadOffer' | 'removeLoadedRun' | 'dismissLoadProblem'
>;

export function createLoadActions(set: Set, get: Get, deps: WorkbenchDeps): LoadActions {
  const titleOf = (id: string) => deps.experiments.find((e) => e.id === id)?.title ?? id;
  return {
    loadResults(files: ResultsFileInput[]) {
      const problems: string[] = [];
      const added = [];
      let offer;
      for (const file of files) {
        try {
          const run = parseResultsFile(file, deps.experiments);
          const open = get().experimentId;
          // From the gallery a file simply opens its experiment.
          if (open === '' && added.length === 0 && !offer) get().selectExperiment(run.outcome.experimentId);
          if (run.outcome.experimentId === get().experimentId) added.push(run);
          else if (!offer) {
            offer = run;
            problems.push(
              `“${file.name}” holds results of “${titleOf(run.outcome.experimentId)}”, not of “${titleOf(get().experimentId)}”.`,
            );
          } else problems.push(`“${file.name}” holds results of “${titleOf(run.outcome.experimentId)}” as well.`);
        } catch (e) {
          if (!(e instanceof UserInputError)) throw e;
          problems.push(e.message);
        }
      }
      set({
        loadedRuns: [...get().loadedRuns, ...added],
        loadProblem: problems.length ? { messages: problems, offer } : undefined,
      });
    },
    acceptLoadOffer() {
      const offer = get().loadProblem?.offer;
      if (!offer) return;
      get().selectExperiment(offer.outcome.experimentId);
      set({ loadedRuns: [...get().loadedRuns, offer], loadProblem: undefined });
    },
    removeLoadedRun(key: string) {
      set({ loadedRuns: get().loadedRuns.filter((r) => r.key !== key) });
    },
    dismissLoadProblem() {
      set({ loadProblem: undefined });
    },
  };
}
