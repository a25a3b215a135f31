// Benchmark (not a test): the LLM engine's prefill with its projections on the tiled kernel
// (`linearPath: 'tiled'`, the earlier path) against the register-blocked GEMM (`'auto'`: TRANS_B,
// accumulate for the residual adds), per op family (`LlamaInference.timeFamilies`). Only the
// matmul family's kernels differ between the two engines, so the matmul-family ratio is the
// effect; the other families run the same kernels and only show how much the machine's load
// moved between timings. The two engines are timed interleaved (ABBA…) so load drifts hit both,
// and the load average is printed with each timing.
// Run: npm run bench-prefill-gemm [-- --rows 128 --reps 5 --rounds 4 --hidden 256 --ffn 688 --vocab 2048 --layers 2 --heads 4]
// On CPU emulation (SwiftShader) the times are not GPU performance; there the 'auto' engine uses
// the fixed LINEAR_GEMM_EMULATION_CONFIG, on a GPU it autotunes during the untimed warm-up.
import { loadavg } from 'node:os';
import { LlamaInference, initLlamaTensors } from '../src/kernels/llm';
import type { LlamaOpFamily } from '../src/kernels/llm/llamaInference';
import type { LlamaConfig } from '../src/data/llamaConfig';
import { formatOptions, optionValue, parseArgs, parseIntOption, UsageError, type OptionSpecs } from './args';
import { describeDevice, openGpu } from './device';
import { runCli } from './main';

const OPTIONS: OptionSpecs = {
  rows: { kind: 'value', meta: 'T', help: 'prompt rows of the prefill (default 128)' },
  reps: { kind: 'value', meta: 'N', help: 'timed repetitions per family, after 2 warm-ups (default 5)' },
  rounds: { kind: 'value', meta: 'N', help: 'interleaved rounds; each times both engines once (default 4)' },
  hidden: { kind: 'value', meta: 'D', help: 'model width, a multiple of 4 and of --heads (default 256)' },
  ffn: { kind: 'value', meta: 'F', help: 'MLP inner width (default 688)' },
  vocab: { kind: 'value', meta: 'V', help: 'vocabulary size (default 2048)' },
  layers: { kind: 'value', meta: 'L', help: 'decoder layers (default 2)' },
  heads: { kind: 'value', meta: 'H', help: 'attention heads, as many K/V heads (default 4)' },
  adapter: { kind: 'value', meta: 'NAME', help: 'the adapter whose name contains NAME' },
  help: { kind: 'switch', help: 'this text' },
};

const USAGE = `usage: npm run bench-prefill-gemm -- [options]

Times one prefill per op family with the projections on the tiled kernel and on the GEMM.

${formatOptions(OPTIONS)}`;

type Path = 'tiled' | 'auto';
type Timing = Record<LlamaOpFamily | 'total', number>;
const FAMILIES: (LlamaOpFamily | 'total')[] = ['embedding', 'norms', 'matmuls', 'rotary', 'attention', 'mlp', 'total'];

const intOpt = (args: ReturnType<typeof parseArgs>, name: string, dflt: number, min: number, max: number) => {
  const v = optionValue(args, name);
  return v === undefined ? dflt : parseIntOption(v, name, min, max);
};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const ms = (x: number) => x.toFixed(x < 10 ? 2 : 0).padStart(8);

await runCli(async (onExit) => {
  const args = parseArgs(process.argv.slice(2), OPTIONS);
  if (args.switches.has('help')) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  if (args.positionals.length) throw new UsageError(`unexpected argument ${args.positionals[0]}\n${USAGE}`);
  const T = intOpt(args, 'rows', 128, 5, 4096);
  const reps = intOpt(args, 'reps', 5, 1, 1000);
  const rounds = intOpt(args, 'rounds', 4, 1, 100);
  const H = intOpt(args, 'hidden', 256, 4, 16384);
  const heads = intOpt(args, 'heads', 4, 1, 256);
  if (H % heads !== 0) throw new UsageError(`--hidden ${H} is not a multiple of --heads ${heads}`);
  const config: LlamaConfig = {
    vocabSize: intOpt(args, 'vocab', 2048, 1, 1 << 20),
    hiddenSize: H,
    intermediateSize: intOpt(args, 'ffn', 688, 1, 1 << 16),
    numHiddenLayers: intOpt(args, 'layers', 2, 1, 256),
    numAttentionHeads: heads,
    numKeyValueHeads: heads,
    headDim: H / heads,
    maxPositionEmbeddings: T,
    rmsNormEps: 1e-5,
    ropeTheta: 10000,
    tieWordEmbeddings: true,
    ropeScaling: null,
  };
  const gpu = await openGpu(onExit, optionValue(args, 'adapter'));
  const tensors = initLlamaTensors(config, 1);
  const engines = new Map<Path, LlamaInference>();
  onExit(() => engines.forEach((e) => e.destroy()));
  for (const path of ['tiled', 'auto'] as const) {
    engines.set(path, LlamaInference.fromTensors(gpu, config, tensors, { batch: 1, maxSeq: T, linearPath: path }));
  }
  const out = (line: string) => process.stdout.write(line + '\n');
  out(`device: ${describeDevice(gpu)}${gpu.isCpuEmulation ? ': timings are not GPU performance' : ''}`);
  out(
    `model: d=${H}, F=${config.intermediateSize}, V=${config.vocabSize}, ${config.numHiddenLayers} layers, ${heads} heads; ` +
      `prefill of T=${T} rows; median of ${reps} after 2 warm-ups per family; ${rounds} interleaved rounds`,
  );
  // The first plan of each engine compiles its pipelines (and autotunes on a GPU): never timed.
  for (const e of engines.values()) await e.timeFamilies(T, 1);
  const times: Record<Path, Timing[]> = { tiled: [], auto: [] };
  for (let r = 0; r < rounds; r++) {
    const order: Path[] = r % 2 === 0 ? ['tiled', 'auto'] : ['auto', 'tiled'];
    for (const path of order) {
      const before = load();
      const t = await engines.get(path)!.timeFamilies(T, reps);
      times[path].push(t);
      out(
        `round ${r + 1} ${path.padEnd(5)}: matmuls ${ms(t.matmuls)} ms, total ${ms(t.total)} ms, ` +
          `total − matmuls ${ms(t.total - t.matmuls)} ms (load average ${before} → ${load()})`,
      );
    }
  }
  const med = (path: Path, f: LlamaOpFamily | 'total') => median(times[path].map((t) => t[f]));
  out(`\nper-family median over rounds, ms ('tiled' = projections on the tiled kernel, 'auto' = on the GEMM)`);
  out(`${'family'.padEnd(16)}${'tiled'.padStart(8)}${'auto'.padStart(8)}  tiled/auto`);
  for (const f of FAMILIES) {
    const [a, b] = [med('tiled', f), med('auto', f)];
    out(`${f.padEnd(16)}${ms(a)}${ms(b)}  ${(a / b).toFixed(2)}×`);
  }
  const rest = (p: Path) => median(times[p].map((t) => t.total - t.matmuls));
  out(`${'total − matmuls'.padEnd(16)}${ms(rest('tiled'))}${ms(rest('auto'))}  (same kernels: differences are load)`);
  // What the matmul saving alone would do to the whole prefill if nothing else moved.
  const bound = med('tiled', 'total') / (med('tiled', 'total') - med('tiled', 'matmuls') + med('auto', 'matmuls'));
  out(`whole-prefill speed-up the matmul saving alone allows: ${bound.toFixed(2)}×`);
});
