// One select that opens any experiment from any page, grouped by topic like the gallery.
import { useId } from 'react';
import { byTopic } from '../gallery/byTopic';
import { useActions } from '../hooks/useActions';
import { useWorkbench } from '../hooks/useWorkbench';
import { useWorkbenchContext } from '../hooks/useWorkbenchContext';

export function ExperimentJump() {
  const id = useId();
  const { experiments } = useWorkbenchContext();
  const current = useWorkbench((s) => s.experimentId);
  const { selectExperiment, showGallery } = useActions();
  return (
    <span className="jump">
      <label htmlFor={id} className="visually-hidden">
        Open experiment
      </label>
      <select
        id={id}
        value={current}
        onChange={(e) => (e.currentTarget.value ? selectExperiment(e.currentTarget.value) : showGallery())}
      >
        <option value="">All experiments</option>
        {byTopic(experiments).map(([topic, list]) => (
          <optgroup key={topic} label={topic}>
            {list.map((e) => (
              <option key={e.id} value={e.id}>
                {e.title}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </span>
  );
}
