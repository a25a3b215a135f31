// ORT's WebAssembly in Node, read from disk (ORT's web build fetches its WebAssembly, and Node's
// fetch reads no files). Where it is: $WORKBENCH_ORT_WASM, else beside the running bundle (the
// GPU kit copies it there), else in node_modules. This file sits in the engine layer, which the
// browser bundle includes and which may not import Node built-ins, so it asks Node for `fs` at
// run time (process.getBuiltinModule) and is only ever called on the Node host.
import type { OrtWasm } from './ortPeer';

export const ORT_WASM_FILE = 'ort-wasm-simd-threaded.asyncify.wasm';

type NodeFs = { existsSync(p: string | URL): boolean; readFileSync(p: string | URL): Uint8Array<ArrayBuffer> };

function nodeFs(): NodeFs {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = proc?.getBuiltinModule?.('node:fs') as NodeFs | undefined;
  if (!fs) throw new Error('reading ONNX Runtime’s WebAssembly needs Node 20.16 or newer (process.getBuiltinModule)');
  return fs;
}

/** Candidate locations, first match wins. */
export function ortWasmCandidates(env: Record<string, string | undefined>, moduleUrl: string): (string | URL)[] {
  const out: (string | URL)[] = [];
  if (env.WORKBENCH_ORT_WASM) out.push(env.WORKBENCH_ORT_WASM);
  // A variable, not a literal: bundlers must not turn this into an asset of their own.
  const file = ORT_WASM_FILE;
  out.push(new URL(file, moduleUrl));
  try {
    out.push(new URL(import.meta.resolve(`onnxruntime-web/${file}`)));
  } catch {
    // No node_modules (the GPU kit): the bundle's own copy is the only one.
  }
  return out;
}

export function ortWasmNode(): OrtWasm {
  const fs = nodeFs();
  const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
  const candidates = ortWasmCandidates(env, import.meta.url);
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found)
    throw new Error(`ONNX Runtime’s ${ORT_WASM_FILE} not found (looked at ${candidates.map(String).join(', ')})`);
  return { bytes: fs.readFileSync(found) };
}
