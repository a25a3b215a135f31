// Errors the runtime raises with enough context for a user-facing message.

export interface ShaderMessage {
  type: string;
  line: number;
  column: number;
  message: string;
}

/** A WGSL compile failure, naming the shader and the line that failed. */
/** Maps a line of the compiled (possibly concatenated) source to the file and line it came from. */
export type LocateLine = (line: number) => { file: string; line: number };

export class ShaderCompileError extends Error {
  override name = 'ShaderCompileError';
  constructor(
    readonly shader: string,
    readonly messages: ShaderMessage[],
    code: string,
    locate: LocateLine = (line) => ({ file: `${shader}.wgsl`, line }),
  ) {
    super(ShaderCompileError.format(shader, messages, code, locate));
  }

  static format(shader: string, messages: ShaderMessage[], code: string, locate: LocateLine): string {
    const lines = code.split('\n');
    const parts = messages.map((m) => {
      const src = lines[m.line - 1];
      const caret = src !== undefined ? `\n    ${src}\n    ${' '.repeat(Math.max(0, m.column - 1))}^` : '';
      const at = locate(m.line);
      return `  ${m.type} at ${at.file}:${at.line}:${m.column}: ${m.message}${caret}`;
    });
    return `WGSL compile error in shader '${shader}':\n${parts.join('\n')}`;
  }
}

/** WebGPU is missing or refused us an adapter; `reason` lets the UI pick its help text. */
export class WebGpuUnavailableError extends Error {
  override name = 'WebGpuUnavailableError';
  constructor(
    readonly reason: 'no-navigator-gpu' | 'no-adapter' | 'device-failed' | 'node-module-missing',
    message: string,
  ) {
    super(message);
  }
}

/** A size or binding exceeds a device limit; the message names the limit and its value. */
export class DeviceLimitError extends Error {
  override name = 'DeviceLimitError';
  constructor(
    readonly limit: string,
    readonly requested: number,
    readonly allowed: number,
    what: string,
  ) {
    super(`${what} needs ${requested} but this device's ${limit} is ${allowed}`);
  }
}

export class GpuLostError extends Error {
  override name = 'GpuLostError';
}

/** The device reported a validation or out-of-memory error for submitted work. */
export class GpuExecutionError extends Error {
  override name = 'GpuExecutionError';
}
