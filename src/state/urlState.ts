// The view lives in the query string so that a link reproduces it:
//   ?exp=<id>&<param>=<value>...&seed=N&preset=P
// Parsing is lenient (a garbled link still opens a working view) and every entry it had to
// ignore is reported, so the user knows the view is not exactly what the link asked for.
// `exp` may name an experiment's legacy id (old links): it opens the experiment, and the link is
// rewritten with the current id.
import { formatParamValue, parseParamStrings } from '../core/params';
import { findExperimentIn } from '../experiments/lookup';
import type { Experiment, ParamValues } from '../experiments/types';
import { matchingPreset, presetValues } from './presets';

/** Presenter mode's slide (1-based); written and read by the presenter (src/ui/presenter). */
export const SLIDE_KEY = 'slide';

export interface UrlView {
  experimentId: string;
  values: ParamValues;
  seed: number;
}

/** Query keys that are not experiment parameters. */
const RESERVED = new Set(['exp', 'seed', 'preset', SLIDE_KEY]);
const MAX_SEED = 0xffffffff;

export function parseSeed(text: string): number | null {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const v = Number(t);
  return v <= MAX_SEED ? v : null;
}

export function parseUrlState(
  search: string,
  experiments: readonly Experiment[],
  defaultSeed: number,
): UrlView & { notices: string[] } {
  const query = new URLSearchParams(search);
  const notices: string[] = [];
  const first = experiments[0];
  if (!first) return { experimentId: '', values: {}, seed: defaultSeed, notices };

  const requested = query.get('exp');
  let exp = first;
  if (requested !== null) {
    const found = findExperimentIn(experiments, requested);
    if (found) exp = found;
    else notices.push(`unknown experiment "${requested}" ignored; showing "${first.id}" instead`);
  }

  const raw: Record<string, string> = {};
  const presetId = query.get('preset');
  if (presetId !== null) {
    const preset = exp.presets.find((p) => p.id === presetId);
    if (preset) {
      const values = presetValues(exp, preset);
      for (const k of Object.keys(values)) raw[k] = formatParamValue(values[k]!);
    } else {
      notices.push(`unknown preset "${presetId}" ignored; known: ${exp.presets.map((p) => p.id).join(', ') || 'none'}`);
    }
  }
  // Explicit parameters win over the preset: they are what the link's author last saw.
  for (const [key, value] of query) {
    if (RESERVED.has(key)) continue;
    if (exp.params.find((s) => s.key === key)?.kind === 'file') {
      notices.push(`${key}: files cannot be restored from a link; choose the file again`);
      continue;
    }
    raw[key] = value;
  }
  const { values, problems } = parseParamStrings(exp.params, raw);
  notices.push(...problems);

  let seed = defaultSeed;
  const seedText = query.get('seed');
  if (seedText !== null) {
    const parsed = parseSeed(seedText);
    if (parsed === null) {
      notices.push(
        `seed=${JSON.stringify(seedText)} is invalid: expected an integer in [0, ${MAX_SEED}]; using ${defaultSeed}`,
      );
    } else seed = parsed;
  }
  return { experimentId: exp.id, values, seed, notices };
}

/** A link without `exp` opens the gallery (the home page) rather than an experiment. */
export function isGalleryLink(search: string): boolean {
  return !new URLSearchParams(search).has('exp');
}

/** Every parameter is written, not only non-defaults, so links survive changes to defaults. */
export function serializeUrlState(view: UrlView, exp: Experiment): string {
  const query = new URLSearchParams();
  query.set('exp', view.experimentId);
  for (const spec of exp.params) {
    // A link cannot carry a file's contents: file parameters stay out of it.
    if (RESERVED.has(spec.key) || spec.kind === 'file') continue;
    const v = view.values[spec.key];
    if (v !== undefined) query.set(spec.key, formatParamValue(v));
  }
  query.set('seed', String(view.seed));
  const preset = matchingPreset(exp, view.values);
  if (preset) query.set('preset', preset.id);
  return `?${query.toString()}`;
}
