// Presenter mode as a slide deck: a title slide (paper, claim, our value), then one slide per
// chart with the headline metric. ← / → move between slides, ↑ / ↓ between presets (modeled
// views recompute live), R runs the experiment from the deck with its progress on screen, Esc
// closes. The slide number is in the URL (?slide=N), so a link reopens the deck on that slide.
// Charts are drawn at the slide's real size with slide-sized type (ticks ≥ 18 px at 1280×720).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Experiment } from '../../experiments/types';
import { matchingPreset } from '../../state/presets';
import { ChartView } from '../charts/ChartView';
import { resultSeriesColors } from '../charts/colors';
import { SLIDE_TYPE, type TypeScale } from '../charts/theme';
import { useActions } from '../hooks/useActions';
import { useFullscreen } from '../hooks/useFullscreen';
import { usePresenterKeys } from '../hooks/usePresenterKeys';
import { useWorkbench } from '../hooks/useWorkbench';
import '../styles/charts.css';
import { peekOpeningSlide, takeOpeningSlide, writeSlide } from './slideUrl';
import { HeadlineMetric, primaryMetric, TitleSlide } from './TitleSlide';

/** Smaller slide type where the screen is short (a phone in landscape): the plot keeps room. */
const COMPACT_SLIDE_TYPE: TypeScale = { titleSize: 20, labelSize: 15, tickSize: 14, noteSize: 12 };

function useShortScreen(): boolean {
  const query = '(max-height: 520px)';
  const [short, setShort] = useState(() => typeof matchMedia === 'function' && matchMedia(query).matches);
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const m = matchMedia(query);
    const on = () => setShort(m.matches);
    m.addEventListener('change', on);
    return () => m.removeEventListener('change', on);
  }, []);
  return short;
}

export function PresenterMode({ experiment }: { experiment: Experiment }) {
  const open = useWorkbench((s) => s.presenterOpen);
  const values = useWorkbench((s) => s.values);
  const run = useWorkbench((s) => s.run);
  const { setPresenterOpen, stepPreset, startRun } = useActions();
  const ref = useRef<HTMLDivElement>(null);
  // 0 is the title slide; chart i is slide i + 1.
  const [slide, setSlide] = useState(() => (peekOpeningSlide() ?? 1) - 1);
  const short = useShortScreen();

  // A link with ?slide=N opens the deck on that slide.
  useEffect(() => {
    if (takeOpeningSlide() !== null) setPresenterOpen(true);
  }, [setPresenterOpen]);

  const result = run.outcome?.experimentId === experiment.id ? run.outcome.result : undefined;
  const charts = result?.charts ?? [];
  const count = charts.length + 1;
  const current = Math.min(slide, count - 1);
  const colors = useMemo(() => (result ? resultSeriesColors(result) : undefined), [result]);

  const close = useCallback(() => setPresenterOpen(false), [setPresenterOpen]);
  const keys = useMemo(
    () => ({
      slide: (step: 1 | -1) => setSlide((s) => Math.max(0, Math.min(count - 1, Math.min(s, count - 1) + step))),
      preset: (step: 1 | -1) => stepPreset(step),
      run: () => {
        if (run.status !== 'running' || experiment.gpu === 'none') void startRun();
      },
      close,
    }),
    [count, stepPreset, startRun, run.status, experiment.gpu, close],
  );
  usePresenterKeys(open, keys);
  useFullscreen(ref, open, close);
  useEffect(() => {
    if (!open) return;
    ref.current?.focus();
    // The page behind the deck should not scroll under the presenter's arrow keys or wheel.
    const previous = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    return () => {
      document.body.style.overflow = previous;
    };
  }, [open]);
  // The slide in the URL; re-written after parameter changes, which rewrite the query.
  useEffect(() => {
    writeSlide(open ? current + 1 : null);
  }, [open, current, values]);

  if (!open) return null;
  const preset = matchingPreset(experiment, values);
  const presetIndex = preset ? experiment.presets.indexOf(preset) + 1 : 0;
  const chart = current > 0 ? charts[current - 1] : undefined;
  const running = run.status === 'running';
  const pct = Math.round(run.progress * 100);

  return (
    <div
      ref={ref}
      className="deck"
      role="dialog"
      aria-modal="true"
      aria-label="Presenter mode"
      aria-roledescription="slide deck"
      tabIndex={-1}
      data-slide={current + 1}
    >
      <header className="deck-bar">
        <span className="deck-experiment">{experiment.title}</span>
        {experiment.presets.length > 0 && (
          <span className="deck-preset">
            Preset: {preset?.label ?? 'custom'}
            {presetIndex > 0 && ` (${presetIndex}/${experiment.presets.length})`}
          </span>
        )}
        <span className="deck-count" aria-live="polite">
          Slide {current + 1} / {count}
        </span>
        <button type="button" onClick={() => void startRun()} disabled={running && experiment.gpu !== 'none'}>
          Run (R)
        </button>
        <button type="button" onClick={close} aria-label="Close presenter mode">
          ✕
        </button>
      </header>
      {run.status !== 'idle' && run.status !== 'done' && (
        <div className={`deck-progress deck-progress-${run.status}`}>
          <div
            role="progressbar"
            aria-label="Run progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={pct}
            className="deck-progress-track"
          >
            <div className="deck-progress-fill" style={{ width: `${pct}%` }} />
          </div>
          <span className="deck-progress-message">
            {run.status === 'error' ? `Run failed: ${run.error?.message ?? run.message}` : run.message}
          </span>
        </div>
      )}
      <main className="deck-slide" aria-label={`Slide ${current + 1} of ${count}`}>
        {current === 0 ? (
          <TitleSlide experiment={experiment} result={result} />
        ) : chart ? (
          <div className="deck-chart-slide">
            <div className="deck-chart">
              <ChartView
                key={chart.id}
                spec={chart}
                table={result!.tables.find((t) => t.id === chart.table)}
                fill
                type={short ? COMPACT_SLIDE_TYPE : SLIDE_TYPE}
                colors={colors}
                keyboard={false}
              />
            </div>
            <aside className="deck-side">
              <HeadlineMetric metric={primaryMetric(result)} />
            </aside>
          </div>
        ) : (
          <p className="deck-empty">{running ? 'Running…' : 'No chart yet: press R to run the experiment.'}</p>
        )}
      </main>
      <footer className="deck-foot">
        ← → slides{experiment.presets.length > 0 ? ' · ↑ ↓ presets' : ''} · R run · Esc closes
      </footer>
    </div>
  );
}
