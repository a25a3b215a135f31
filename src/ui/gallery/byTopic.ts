import type { Experiment } from '../../experiments/types';

/** Experiments grouped by topic, topics and experiments in registry order. */
export function byTopic(experiments: readonly Experiment[]): [string, Experiment[]][] {
  const groups = new Map<string, Experiment[]>();
  for (const e of experiments) groups.set(e.topic, [...(groups.get(e.topic) ?? []), e]);
  return [...groups];
}
