// The peer libraries, loaded lazily (dynamic import on first use, so they never reach the main
// bundle) and only where they can work: in a browser with WebGPU (they make their own device), or
// in Node on the run's own dawn.node device (harness/peerHost.ts supplies what they expect of a
// browser around their calls). A peer that cannot load or fails on a case becomes a status in its
// row ('peer unavailable: …' / 'peer failed: …'), never a crashed run.
import { errorText } from './harness/peerTiming';
import type { PeerHost } from './harness/peerHost';
import type { Gpu } from '../../gpu/gpu';
import type { ImplResult } from './types';

type OrtModule = typeof import('./harness/ortPeer');
type TfjsModule = typeof import('./harness/tfjsPeer');

/** A loaded peer, with the one-off cost of importing it and creating its WebGPU runtime. */
export type Loaded<M> = { ok: true; mod: M; version: string; loadMs: number } | { ok: false; status: string };

export interface PeerHandle<M> {
  /** Row label, e.g. 'ORT WebGPU'. */
  label: string;
  load(): Promise<Loaded<M>>;
}

export interface Peers {
  ort: PeerHandle<OrtModule>;
  tfjs: PeerHandle<TfjsModule>;
}

export function browserWebGpu(): boolean {
  return (
    typeof navigator !== 'undefined' &&
    Boolean((navigator as Navigator & { gpu?: unknown }).gpu) &&
    typeof document !== 'undefined'
  );
}

/**
 * Where the peers can run: the browser, or Node on `gpu` (a dawn.node device), or nowhere (the
 * reason). Node peers share our device; in the browser each library makes its own.
 */
export function peerHost(gpu?: Gpu): PeerHost | { kind: 'none'; reason: string } {
  if (browserWebGpu()) return { kind: 'browser' };
  if (gpu?.info.host === 'node') return { kind: 'node', gpu };
  return {
    kind: 'none',
    reason:
      'peer unavailable: needs a browser with WebGPU (navigator.gpu) or a Node dawn.node device; run `npm run bench` for the headless-Chromium benchmark',
  };
}

/** Where a loaded peer ran, for its version column: Node runs say so and name the device. */
function hostNote(host: PeerHost): string {
  return host.kind === 'node' ? ` (Node, dawn.node device: ${host.gpu.info.description})` : '';
}

interface PeerModule<M> {
  importer: () => Promise<M>;
  /** Compiles the library's WASM / creates or adopts its device, so cases do not pay for it. */
  init: (m: M, host: PeerHost) => Promise<void>;
  version: (m: M) => string;
}

function handle<M>(
  label: string,
  enabled: boolean,
  host: ReturnType<typeof peerHost>,
  peer: PeerModule<M>,
): PeerHandle<M> {
  let loading: Promise<Loaded<M>> | undefined;
  return {
    label,
    load() {
      loading ??= (async (): Promise<Loaded<M>> => {
        if (!enabled) return { ok: false, status: 'off (switched off in the parameters)' };
        if (host.kind === 'none') return { ok: false, status: host.reason };
        try {
          const t0 = performance.now();
          const mod = await peer.importer();
          await peer.init(mod, host);
          return { ok: true, mod, version: peer.version(mod) + hostNote(host), loadMs: performance.now() - t0 };
        } catch (e) {
          return { ok: false, status: `peer unavailable: could not load ${label}: ${errorText(e)}` };
        }
      })();
      return loading;
    },
  };
}

/** A file the Node host ships (Gpu.files: src/gpu/node.ts reads it from disk). */
function nodeFile(gpu: Gpu, spec: string): Promise<Uint8Array<ArrayBuffer>> {
  if (!gpu.files) throw new Error(`this Node host does not supply the app's files (needed: ${spec})`);
  return gpu.files.read(spec);
}

/** `gpu`: the run's device; in Node the peers run on it (in a browser they make their own). */
export function createPeers(opts: { ort: boolean; tfjs: boolean; gpu?: Gpu }): Peers {
  const host = peerHost(opts.gpu);
  return {
    ort: handle('ORT WebGPU', opts.ort, host, {
      importer: () => import('./harness/ortPeer'),
      init: async (m, on) => {
        // Each host's way to the WebAssembly file: the browser fetches it from our own origin, the
        // Node host reads it for us (engine code touches no Node built-ins).
        const wasm =
          on.kind === 'node'
            ? { bytes: await nodeFile(on.gpu, m.ORT_WASM) }
            : (await import('./harness/ortWasmBrowser')).ortWasmBrowser();
        await m.initOrt(on, wasm);
      },
      version: (m) => `onnxruntime-web ${m.ORT_VERSION}`,
    }),
    tfjs: handle('tfjs WebGPU', opts.tfjs, host, {
      importer: () => import('./harness/tfjsPeer'),
      init: (m, on) => m.initTfjs(on),
      version: (m) => `@tensorflow/tfjs-backend-webgpu ${m.TFJS_VERSION}`,
    }),
  };
}

/**
 * Runs one peer measurement: loads the peer, runs `measure`, and turns a load problem or a thrown
 * error into the row's status with no numbers.
 */
export async function measurePeer<M>(
  peer: PeerHandle<M>,
  measure: (mod: M) => Promise<Omit<ImplResult, 'impl' | 'role' | 'status'>>,
  signal: AbortSignal,
): Promise<ImplResult> {
  const loaded = await peer.load();
  if (!loaded.ok) return { impl: peer.label, role: 'peer', status: loaded.status };
  try {
    return { impl: peer.label, role: 'peer', status: 'ok', ...(await measure(loaded.mod)) };
  } catch (e) {
    // A cancelled run must stop, not be recorded as a peer failure.
    if (signal.aborted) throw e;
    return { impl: peer.label, role: 'peer', status: `peer failed: ${errorText(e)}` };
  }
}
