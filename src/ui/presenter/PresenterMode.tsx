// Full-screen view for talks: experiment title, the first chart large, the primary metric in big
// type with its provenance. Arrow keys walk the presets (modeled experiments recompute live).
import { useCallback, useEffect, useRef } from 'react';
import type { Experiment } from '../../experiments/types';
import { matchingPreset } from '../../state/presets';
import { ChartView } from '../charts/ChartView';
import { useActions } from '../hooks/useActions';
import { useFullscreen } from '../hooks/useFullscreen';
import { usePresenterKeys } from '../hooks/usePresenterKeys';
import { useWorkbench } from '../hooks/useWorkbench';
import { MetricCard } from '../results/MetricCards';

/**
 * Logical chart size; CSS scales it up to the screen. A modest size means the chart's text grows
 * with the scaling, which is what a projector audience needs.
 */
const PRESENTER_CHART = { width: 880, height: 480 };

export function PresenterMode({ experiment }: { experiment: Experiment }) {
  const open = useWorkbench((s) => s.presenterOpen);
  const values = useWorkbench((s) => s.values);
  const run = useWorkbench((s) => s.run);
  const { setPresenterOpen, stepPreset } = useActions();
  const ref = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setPresenterOpen(false), [setPresenterOpen]);
  usePresenterKeys(open, stepPreset, close);
  useFullscreen(ref, open, close);
  useEffect(() => {
    if (!open) return;
    ref.current?.focus();
    // The page behind the overlay should not scroll under the presenter's arrow keys or wheel.
    const previous = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    return () => {
      document.body.style.overflow = previous;
    };
  }, [open]);
  if (!open) return null;

  const result = run.outcome?.experimentId === experiment.id ? run.outcome.result : undefined;
  const chart = result?.charts[0];
  const metric = result?.metrics.find((m) => m.primary) ?? result?.metrics[0];
  const preset = matchingPreset(experiment, values);

  return (
    <div ref={ref} className="presenter" role="dialog" aria-modal="true" aria-label="Presenter mode" tabIndex={-1}>
      <header className="presenter-head">
        <h2>{experiment.title}</h2>
        <span className="presenter-preset">Preset: {preset?.label ?? 'custom'}</span>
        <button type="button" onClick={close} aria-label="Close presenter mode">
          ✕
        </button>
      </header>
      <div className="presenter-body">
        <div className="presenter-chart">
          {chart ? (
            <ChartView
              spec={chart}
              table={result!.tables.find((t) => t.id === chart.table)}
              width={PRESENTER_CHART.width}
              height={PRESENTER_CHART.height}
            />
          ) : (
            <p className="presenter-empty">
              {run.status === 'running' ? 'Running…' : 'No chart yet: run the experiment first.'}
            </p>
          )}
        </div>
        {metric && <MetricCard metric={metric} large />}
      </div>
      <footer className="presenter-foot">
        {experiment.presets.length > 0 ? '← → step through presets · ' : ''}Esc closes
      </footer>
    </div>
  );
}
