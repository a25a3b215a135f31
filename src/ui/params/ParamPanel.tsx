// Controls generated from the experiment's parameter schema: preset, the essential parameters,
// then the rest under "Advanced" (with the seed). A side panel on wide screens, a drawer on phones.
import { useState } from 'react';
import type { Experiment, ParamSpec } from '../../experiments/types';
import { useActions } from '../hooks/useActions';
import { useWorkbench } from '../hooks/useWorkbench';
import { groupParams, splitEssential } from './essentialParams';
import { ParamControl } from './ParamControl';
import { PresetPicker } from './PresetPicker';
import { SeedField } from './SeedField';

interface Props {
  experiment: Experiment;
  /** Phone layout only: whether the drawer is open. */
  drawerOpen: boolean;
  onCloseDrawer(): void;
}

export function ParamPanel({ experiment, drawerOpen, onCloseDrawer }: Props) {
  const seed = useWorkbench((s) => s.seed);
  const values = useWorkbench((s) => s.values);
  const actions = useActions();
  const { essential, advanced } = splitEssential(experiment.params);
  // Advanced opens by itself when one of its values is not the default (a link that set it, a
  // chosen file), so nothing that shapes the results is hidden.
  const changed = advanced.some((p) => values[p.key] !== undefined && values[p.key] !== p.default);
  const [open, setOpen] = useState(changed);
  const [wasChanged, setWasChanged] = useState(changed);
  if (changed !== wasChanged) {
    setWasChanged(changed);
    if (changed) setOpen(true);
  }
  return (
    <aside
      id="param-panel"
      className={`panel param-panel${drawerOpen ? ' drawer-open' : ''}`}
      aria-labelledby="params-heading"
    >
      <div className="param-panel-head">
        <h2 id="params-heading">Parameters</h2>
        <button type="button" className="drawer-close" onClick={onCloseDrawer}>
          Show charts
        </button>
      </div>
      <PresetPicker experiment={experiment} values={values} onApply={actions.applyPreset} />
      <ParamGroups specs={essential} />
      <details className="param-advanced" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>Advanced{advanced.length > 0 ? ` (${advanced.length} more)` : ''}</summary>
        <ParamGroups specs={advanced} />
        <fieldset className="param-group">
          <legend>Reproducibility</legend>
          <SeedField seed={seed} onChange={actions.setSeed} />
        </fieldset>
      </details>
    </aside>
  );
}

function ParamGroups({ specs }: { specs: ParamSpec[] }) {
  const values = useWorkbench((s) => s.values);
  const actions = useActions();
  return groupParams(specs).map(([group, list]) => (
    <fieldset key={group} className="param-group">
      <legend>{group}</legend>
      {list.map((spec) => (
        <ParamControl
          key={spec.key}
          spec={spec}
          value={values[spec.key]}
          onChange={(v) => actions.setParam(spec.key, v)}
          onFile={(f) => actions.setFile(spec.key, f)}
        />
      ))}
    </fieldset>
  ));
}
