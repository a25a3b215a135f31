// The home page: what the workbench is, whether a GPU is available, and one card per experiment
// grouped by topic; the device tools (probe, roofline, benchmarks) get their own row at the end.
import { useWorkbenchContext } from '../hooks/useWorkbenchContext';
import { byTopic } from './byTopic';
import { ExperimentCard } from './ExperimentCard';
import { GpuStatus } from './GpuStatus';
import { LoadResultsButton } from '../results/LoadResults';
import { useCardHeadlines } from './useCardHeadlines';

const TOOLS_TOPIC = 'Device';

export function Gallery() {
  const { experiments } = useWorkbenchContext();
  const headlines = useCardHeadlines(experiments);
  const groups = byTopic(experiments);
  const papers = groups.filter(([topic]) => topic !== TOOLS_TOPIC);
  const tools = groups.find(([topic]) => topic === TOOLS_TOPIC)?.[1] ?? [];
  return (
    <div className="gallery">
      <section className="gallery-intro" aria-labelledby="gallery-title">
        <h1 id="gallery-title">ML-systems papers as live experiments</h1>
        <p>
          Each card below is a published ML-systems result rebuilt in your browser: move a parameter and every chart
          recomputes at once, with each number labelled as measured, computed, modeled or printed in the paper. Most
          experiments are models that need no GPU; with WebGPU, Run also times real kernels on this device and checks
          them against a CPU reference.
        </p>
        <GpuStatus />
        <p className="gallery-load">
          <LoadResultsButton /> Have a results file from another device? Load it (or drop it on this page) to see that
          run.
        </p>
      </section>
      {papers.map(([topic, list]) => (
        <section key={topic} className="gallery-topic" aria-label={topic}>
          <h2>{topic}</h2>
          <div className="card-grid">
            {list.map((e) => (
              <ExperimentCard key={e.id} experiment={e} headline={headlines.get(e.id)} />
            ))}
          </div>
        </section>
      ))}
      {tools.length > 0 && (
        <section className="gallery-topic gallery-tools" aria-label="Device tools">
          <h2>Device tools</h2>
          <div className="card-grid">
            {tools.map((e) => (
              <ExperimentCard key={e.id} experiment={e} headline={headlines.get(e.id)} />
            ))}
          </div>
        </section>
      )}
    </div>
  );
}
