import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BladeUserError } from '@bladerec/core';
import { tf } from './tf.js';
import { importInstalled, installed } from './installed.js';
import {
  describeAdapter,
  failOnDeviceErrors,
  installWebGpuGlobals,
  isSoftwareAdapter,
  queryWebGpuAdapter,
} from './webgpu-adapter.js';

/** Backends in order of preference. */
export const BACKENDS = ['tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** The outcome of {@link selectBackend}: the backend in use and why faster ones were skipped. */
export interface BackendSelection {
  readonly backend: BackendName;
  /**
   * One line per backend tried before the chosen one, e.g. `tensorflow-gpu: @tensorflow/tfjs-node-gpu is not
   * installed`.
   */
  readonly skipped: readonly string[];
}

/** npm package that provides each backend. */
const PACKAGE: Record<BackendName, string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
  webgpu: '@tensorflow/tfjs-backend-webgpu',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs-backend-cpu',
};

/** tfjs registers both node packages under the backend name `tensorflow`. */
const TF_NAME: Record<BackendName, string> = {
  'tensorflow-gpu': 'tensorflow',
  tensorflow: 'tensorflow',
  webgpu: 'webgpu',
  wasm: 'wasm',
  cpu: 'cpu',
};

let current: BackendSelection | undefined;

/**
 * Selects the fastest TensorFlow.js backend that works here: `@tensorflow/tfjs-node-gpu` (CUDA) →
 * `@tensorflow/tfjs-node` → `@tensorflow/tfjs-backend-webgpu` through Dawn (npm `webgpu`; Vulkan,
 * Metal or D3D12) → `@tensorflow/tfjs-backend-wasm` (SIMD, single-threaded on Node) →
 * `@tensorflow/tfjs-backend-cpu` (pure JS). The node and webgpu packages are optional peers, imported
 * with a variable specifier so that neither the compiler nor a bundler needs them. The wasm binaries
 * are read from the installed package; nothing is downloaded. A software WebGPU adapter (Mesa's
 * lavapipe, SwiftShader, WARP) is slower than wasm: it is used only when forced.
 *
 * @param forced a backend name (`--backend`): only that one is tried, and failure is an error.
 * @throws BladeUserError when the forced backend is unavailable (with the reason).
 */
export async function selectBackend(forced?: string): Promise<BackendSelection> {
  if (forced !== undefined && !(BACKENDS as readonly string[]).includes(forced)) {
    throw new BladeUserError(`unknown backend '${forced}' (choose one of ${BACKENDS.join(', ')})`);
  }
  if (current && (forced === undefined || current.backend === forced)) return current;
  const candidates = forced ? [forced as BackendName] : BACKENDS;
  const skipped: string[] = [];
  for (const name of candidates) {
    const reason = await tryBackend(name, forced !== undefined);
    if (reason === undefined) {
      current = { backend: name, skipped };
      return current;
    }
    skipped.push(`${name}: ${reason}`);
  }
  throw new BladeUserError(`backend '${forced}' is not available: ${skipped.join('; ')}`);
}

/** The backend chosen by the last {@link selectBackend}, if any. */
export function currentBackend(): BackendSelection | undefined {
  return current;
}

/**
 * Forgets the selection, so that the next {@link selectBackend} without a name tries every backend
 * again (after installing one, or in tests). The TensorFlow.js backend in use stays as it is.
 */
export function resetBackendSelection(): void {
  current = undefined;
}

/** Tries one backend; returns undefined on success, else the reason it cannot be used. */
async function tryBackend(name: BackendName, forced: boolean): Promise<string | undefined> {
  try {
    if (name === 'webgpu') {
      const reason = await prepareWebGpu(forced);
      if (reason !== undefined) return reason;
    } else if (name === 'tensorflow-gpu' || name === 'tensorflow') {
      const specifier = PACKAGE[name];
      if (!installed(specifier)) return `${specifier} is not installed`;
      try {
        await importInstalled(specifier);
      } catch (error) {
        return `${specifier} failed to load (${firstLine(error)})`;
      }
      if (!tf.findBackendFactory(TF_NAME[name])) {
        return (
          `${specifier} loaded but registered its backend with another copy of @tensorflow/tfjs-core; ` +
          "install it where it shares bladerec's @tensorflow/tfjs (one version, deduplicated)"
        );
      }
    } else if (name === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      // resolve the .wasm files from the installed package (no download)
      const require = createRequire(import.meta.url);
      const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
      wasm.setWasmPaths(dist.endsWith('dist') ? `${dist}/` : join(dist, 'dist') + '/');
    } else {
      // the cpu backend is registered by the @tensorflow/tfjs import in ./tf.js
    }
    // production mode: no debug checks, and no "install tfjs-node" banner (the CLI reports the backend itself)
    tf.env().set('PROD', true);
    const ok = await tf.setBackend(TF_NAME[name]);
    if (!ok) return 'backend failed to initialise';
    await tf.ready();
    if (name === 'tensorflow-gpu' && !gpuVisible()) return 'no CUDA device visible to TensorFlow';
    if (name === 'webgpu') failOnDeviceErrors((tf.backend() as unknown as { device?: unknown }).device);
    return undefined;
  } catch (error) {
    return firstLine(error);
  }
}

/**
 * Finds a WebGPU adapter through Dawn and registers tfjs' webgpu backend on it; returns why not.
 * A software adapter is refused unless the backend was asked for by name.
 */
async function prepareWebGpu(forced: boolean): Promise<string | undefined> {
  const query = await queryWebGpuAdapter();
  if (query.status === 'missing') return query.reason;
  if (query.status === 'no-adapter') {
    return 'Dawn found no WebGPU adapter (no Vulkan/Metal/D3D12 GPU driver; without a GPU, Mesa >= 25 lavapipe)';
  }
  if (!forced && isSoftwareAdapter(query.info)) {
    return (
      `the adapter is a software rasteriser (${describeAdapter(query.info)}), slower than wasm; ` +
      'use --backend webgpu to force it'
    );
  }
  installWebGpuGlobals(query.gpu, query.globals);
  try {
    await importInstalled(PACKAGE.webgpu);
  } catch (error) {
    return `${PACKAGE.webgpu} failed to load (${firstLine(error)})`;
  }
  return undefined;
}

/** Whether the tensorflow backend reports a GPU (only meaningful for tfjs-node-gpu). */
function gpuVisible(): boolean {
  const backend = tf.backend() as unknown as { isUsingGpuDevice?: boolean };
  return backend.isUsingGpuDevice !== false;
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!;
}
