// Card values come from each experiment's model, which can take a few hundred milliseconds for
// the larger ones. They are computed one per task after the gallery has painted, so the page
// shows at once and fills in; results are cached for the session (models are pure).
import { useEffect, useState } from 'react';
import type { Experiment } from '../../experiments/types';
import { cardHeadline, type CardHeadline } from './cardHeadline';

const cache = new Map<string, CardHeadline>();

export function useCardHeadlines(experiments: readonly Experiment[]): ReadonlyMap<string, CardHeadline> {
  const [ready, setReady] = useState<ReadonlyMap<string, CardHeadline>>(() => new Map(cache));
  useEffect(() => {
    const todo = experiments.filter((e) => !cache.has(e.id));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const next = (i: number): void => {
      if (i >= todo.length) return;
      timer = setTimeout(() => {
        const e = todo[i]!;
        cache.set(e.id, cardHeadline(e));
        setReady(new Map(cache));
        next(i + 1);
      }, 0);
    };
    next(0);
    return () => clearTimeout(timer);
  }, [experiments]);
  return ready;
}
