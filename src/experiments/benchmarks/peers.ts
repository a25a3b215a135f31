// The peer libraries, loaded lazily (dynamic import on first use, so they never reach the main
// bundle) and only where they can work: both need the browser's navigator.gpu, which dawn.node
// (Node CLI, tests) does not provide. A peer that cannot load or fails on a case becomes a status
// in its row ('peer unavailable: …' / 'peer failed: …'), never a crashed run.
import { errorText } from './harness/peerTiming';
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

interface PeerModule<M> {
  importer: () => Promise<M>;
  /** Compiles the library's WASM / creates its device, so cases do not pay for it. */
  init: (m: M) => Promise<void>;
  version: (m: M) => string;
}

function handle<M>(label: string, enabled: boolean, peer: PeerModule<M>): PeerHandle<M> {
  let loading: Promise<Loaded<M>> | undefined;
  return {
    label,
    load() {
      loading ??= (async (): Promise<Loaded<M>> => {
        if (!enabled) return { ok: false, status: 'off (switched off in the parameters)' };
        if (!browserWebGpu())
          return {
            ok: false,
            status:
              'peer unavailable: needs a browser with WebGPU (navigator.gpu); run `npm run bench` for the headless-Chromium benchmark',
          };
        try {
          const t0 = performance.now();
          const mod = await peer.importer();
          await peer.init(mod);
          return { ok: true, mod, version: peer.version(mod), loadMs: performance.now() - t0 };
        } catch (e) {
          return { ok: false, status: `peer unavailable: could not load ${label}: ${errorText(e)}` };
        }
      })();
      return loading;
    },
  };
}

export function createPeers(opts: { ort: boolean; tfjs: boolean }): Peers {
  return {
    ort: handle('ORT WebGPU', opts.ort, {
      importer: () => import('./harness/ortPeer'),
      init: (m) => m.initOrt(),
      version: (m) => `onnxruntime-web ${m.ORT_VERSION}`,
    }),
    tfjs: handle('tfjs WebGPU', opts.tfjs, {
      importer: () => import('./harness/tfjsPeer'),
      init: (m) => m.initTfjs(),
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
