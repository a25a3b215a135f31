// Experiment list grouped by topic, in registry order.
import type { Experiment } from '../../experiments/types';
import { useActions } from '../hooks/useActions';
import { useWorkbench } from '../hooks/useWorkbench';

function byTopic(experiments: readonly Experiment[]): [string, Experiment[]][] {
  const groups = new Map<string, Experiment[]>();
  for (const e of experiments) groups.set(e.topic, [...(groups.get(e.topic) ?? []), e]);
  return [...groups];
}

export function Sidebar({ experiments }: { experiments: readonly Experiment[] }) {
  const current = useWorkbench((s) => s.experimentId);
  const { selectExperiment } = useActions();
  return (
    <nav className="sidebar" aria-label="Experiments">
      {byTopic(experiments).map(([topic, list]) => (
        <div key={topic} className="topic">
          <h2 className="topic-title">{topic}</h2>
          <ul>
            {list.map((e) => (
              <li key={e.id}>
                <button
                  type="button"
                  className="exp-link"
                  aria-current={e.id === current ? 'page' : undefined}
                  onClick={() => selectExperiment(e.id)}
                >
                  {e.title}
                  {e.gpu === 'required' && (
                    <span className="exp-gpu" title="needs WebGPU">
                      {' '}
                      GPU
                    </span>
                  )}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}
