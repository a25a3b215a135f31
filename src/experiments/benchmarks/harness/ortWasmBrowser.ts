// ORT's WebAssembly in the browser: served from our own origin through Vite's ?url asset handling
// and fetched only when the ORT peer loads (peers.ts imports this module lazily).
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import type { OrtWasm } from './ortPeer';

export function ortWasmBrowser(): OrtWasm {
  return { url: new URL(ortWasmUrl, document.baseURI).href };
}
