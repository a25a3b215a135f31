// A tiny argv parser for the CLIs. Supports `--name value`, `--name=value`, boolean switches and
// repeatable options; anything it does not know is a UsageError naming the problem, so a typo
// never silently falls back to a default.

/** Bad command line: the CLI prints the message and exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface OptionSpec {
  /** 'switch' takes no value; 'value' takes exactly one. */
  kind: 'switch' | 'value';
  /** May be given more than once (values are collected in order). */
  repeat?: boolean;
  /** Placeholder shown in usage text, e.g. 'key=value'. */
  meta?: string;
  help: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

export interface ParsedArgs {
  positionals: string[];
  switches: Set<string>;
  /** Every value of each option, in command-line order. */
  values: Map<string, string[]>;
}

export function parseArgs(argv: readonly string[], specs: OptionSpecs): ParsedArgs {
  const out: ParsedArgs = { positionals: [], switches: new Set(), values: new Map() };
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (onlyPositionals || !arg.startsWith('-') || arg === '-') {
      out.positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      throw new UsageError(`unknown option ${arg}; options are written --name (known: ${knownOptions(specs)})`);
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (!spec) throw new UsageError(`unknown option --${name} (known: ${knownOptions(specs)})`);
    if (spec.kind === 'switch') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      out.switches.add(name);
      continue;
    }
    let value: string;
    if (eq >= 0) {
      value = arg.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) {
        throw new UsageError(`--${name} needs a value${spec.meta ? ` (${spec.meta})` : ''}`);
      }
      value = next;
      i++;
    }
    const prev = out.values.get(name) ?? [];
    if (prev.length > 0 && !spec.repeat) throw new UsageError(`--${name} was given more than once`);
    out.values.set(name, [...prev, value]);
  }
  return out;
}

function knownOptions(specs: OptionSpecs): string {
  return Object.keys(specs)
    .map((n) => `--${n}`)
    .join(', ');
}

/** The single value of an option, or undefined when absent. */
export function optionValue(args: ParsedArgs, name: string): string | undefined {
  return args.values.get(name)?.[0];
}

/** Splits `key=value` (the value may itself contain '='). */
export function splitKeyValue(text: string, option: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`--${option} expects key=value, got ${JSON.stringify(text)}`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

/** Parses a non-negative integer option with a range, naming the range on error. */
export function parseIntOption(text: string, option: string, min: number, max: number): number {
  const v = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(v) || v < min || v > max) {
    throw new UsageError(`--${option} ${JSON.stringify(text)} is not valid: expected an integer in [${min}, ${max}]`);
  }
  return v;
}

/** Usage text listing each option with its placeholder and help. */
export function formatOptions(specs: OptionSpecs): string {
  const rows = Object.entries(specs).map(([name, s]) => [
    `--${name}${s.kind === 'value' ? ` ${s.meta ?? 'VALUE'}` : ''}`,
    s.help + (s.repeat ? ' (repeatable)' : ''),
  ]);
  const width = Math.max(...rows.map((r) => r[0]!.length));
  return rows.map(([a, b]) => `  ${a!.padEnd(width)}  ${b}`).join('\n');
}

export interface CommandSpec {
  /** 'experiment' or 'kernel': used in messages. */
  noun: string;
  options: OptionSpecs;
  usage: string;
  known: readonly string[];
  list(): string;
}

/**
 * The shared front of the `experiment` and `kernel` commands: --help and --list print and return
 * null; otherwise exactly one positional name is required and returned with the parsed options.
 */
export function parseCommand(argv: readonly string[], spec: CommandSpec): { name: string; args: ParsedArgs } | null {
  const args = parseArgs(argv, spec.options);
  if (args.switches.has('help')) {
    process.stdout.write(spec.usage + '\n');
    return null;
  }
  if (args.switches.has('list')) {
    process.stdout.write(spec.list() + '\n');
    return null;
  }
  const known = spec.known.join(', ');
  if (args.positionals.length !== 1) {
    throw new UsageError(
      args.positionals.length === 0
        ? `name one ${spec.noun}; known: ${known}\n${spec.usage}`
        : `expected one ${spec.noun}, got ${args.positionals.length}: ${args.positionals.join(' ')}`,
    );
  }
  return { name: args.positionals[0]!, args };
}
