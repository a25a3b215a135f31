// Controls generated from the experiment's parameter schema, grouped by `group`.
import type { Experiment, ParamSpec } from '../../experiments/types';
import { useActions } from '../hooks/useActions';
import { useWorkbench } from '../hooks/useWorkbench';
import { ParamControl } from './ParamControl';
import { PresetPicker } from './PresetPicker';
import { SeedField } from './SeedField';

function groupParams(params: ParamSpec[]): [string, ParamSpec[]][] {
  const groups = new Map<string, ParamSpec[]>();
  for (const p of params) {
    const g = p.group ?? 'Parameters';
    groups.set(g, [...(groups.get(g) ?? []), p]);
  }
  return [...groups];
}

export function ParamPanel({ experiment }: { experiment: Experiment }) {
  const values = useWorkbench((s) => s.values);
  const seed = useWorkbench((s) => s.seed);
  const actions = useActions();
  return (
    <section className="panel param-panel" aria-labelledby="params-heading">
      <h2 id="params-heading">Parameters</h2>
      <PresetPicker experiment={experiment} values={values} onApply={actions.applyPreset} />
      {groupParams(experiment.params).map(([group, specs]) => (
        <fieldset key={group} className="param-group">
          <legend>{group}</legend>
          {specs.map((spec) => (
            <ParamControl
              key={spec.key}
              spec={spec}
              value={values[spec.key]}
              onChange={(v) => actions.setParam(spec.key, v)}
              onFile={(f) => actions.setFile(spec.key, f)}
            />
          ))}
        </fieldset>
      ))}
      <fieldset className="param-group">
        <legend>Reproducibility</legend>
        <SeedField seed={seed} onChange={actions.setSeed} />
      </fieldset>
    </section>
  );
}
