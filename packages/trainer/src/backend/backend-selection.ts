import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BladeUserError } from '@bladerec/core';
import { tf } from './tf.js';

/** Backends in order of preference. */
export const BACKENDS = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** The outcome of {@link selectBackend}: the backend in use and why faster ones were skipped. */
export interface BackendSelection {
  readonly backend: BackendName;
  /** One line per backend tried before the chosen one, e.g. `tensorflow-gpu: @tensorflow/tfjs-node-gpu is not installed`. */
  readonly skipped: readonly string[];
}

/** npm package that provides each backend. */
const PACKAGE: Record<BackendName, string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs-backend-cpu',
};

/** tfjs registers both node packages under the backend name `tensorflow`. */
const TF_NAME: Record<BackendName, string> = { 'tensorflow-gpu': 'tensorflow', tensorflow: 'tensorflow', wasm: 'wasm', cpu: 'cpu' };

let current: BackendSelection | undefined;

/**
 * Selects the fastest TensorFlow.js backend that works here: `@tensorflow/tfjs-node-gpu` (CUDA) →
 * `@tensorflow/tfjs-node` → `@tensorflow/tfjs-backend-wasm` (SIMD, single-threaded on Node) →
 * `@tensorflow/tfjs-backend-cpu` (pure JS). The node packages are optional peers, imported with a
 * variable specifier so that neither the compiler nor a bundler needs them. The wasm binaries are
 * read from the installed package; nothing is downloaded.
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
    const reason = await tryBackend(name);
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

/** Tries one backend; returns undefined on success, else the reason it cannot be used. */
async function tryBackend(name: BackendName): Promise<string | undefined> {
  try {
    if (name === 'tensorflow-gpu' || name === 'tensorflow') {
      const specifier = PACKAGE[name];
      if (!installed(specifier)) return `${specifier} is not installed`;
      try {
        await import(/* @vite-ignore */ specifier);
      } catch (error) {
        return `${specifier} failed to load (${firstLine(error)})`;
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
    return undefined;
  } catch (error) {
    return firstLine(error);
  }
}

/** Whether a package resolves from this package or from the working directory. */
function installed(specifier: string): boolean {
  for (const base of [import.meta.url, join(process.cwd(), 'package.json')]) {
    try {
      createRequire(base).resolve(specifier);
      return true;
    } catch {
      // not resolvable from here
    }
  }
  return false;
}

/** Whether the tensorflow backend reports a GPU (only meaningful for tfjs-node-gpu). */
function gpuVisible(): boolean {
  const backend = tf.backend() as unknown as { isUsingGpuDevice?: boolean };
  return backend.isUsingGpuDevice !== false;
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!;
}
