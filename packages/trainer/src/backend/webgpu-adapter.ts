import { importInstalled, installed } from './installed.js';

/** The adapter fields that identify a device (WebGPU `GPUAdapterInfo`, all optional across implementations). */
export interface WebGpuAdapterInfo {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly device?: string;
  readonly description?: string;
  /** `GPUAdapterInfo.isFallbackAdapter` (newer spec); older implementations put it on the adapter. */
  readonly isFallbackAdapter?: boolean;
}

/**
 * The outcome of asking Dawn for an adapter: `missing` (a package is not installed, or `dawn.node`
 * does not load), `no-adapter` (Dawn loaded but found no device), or `adapter` with its identity and
 * the `navigator.gpu` object and WebGPU globals that `@tensorflow/tfjs-backend-webgpu` needs.
 */
export type WebGpuAdapterQuery =
  | { readonly status: 'missing'; readonly reason: string }
  | { readonly status: 'no-adapter' }
  | {
      readonly status: 'adapter';
      readonly info: WebGpuAdapterInfo;
      readonly gpu: unknown;
      readonly globals: Record<string, unknown>;
    };

/** npm package that ships Dawn's `dawn.node` (prebuilt per platform inside its tarball). */
export const DAWN_PACKAGE = 'webgpu';
/** The TensorFlow.js WebGPU backend. */
export const TFJS_WEBGPU_PACKAGE = '@tensorflow/tfjs-backend-webgpu';

interface DawnModule {
  create(flags: string[]): { requestAdapter(options?: object): Promise<DawnAdapter | null> };
  globals: Record<string, unknown>;
}
interface DawnAdapter {
  readonly info?: WebGpuAdapterInfo;
  readonly isFallbackAdapter?: boolean;
}

/**
 * Loads Dawn (npm `webgpu`, an optional peer imported by a variable specifier) and requests a
 * high-performance adapter. Nothing here touches TensorFlow.js; the selector decides what to do.
 * Dawn finds a GPU through Vulkan (Linux), Metal (macOS) or D3D12 (Windows); without a GPU on Linux
 * it finds Mesa's software Vulkan (lavapipe), but only Mesa ≥ 25 has the features Dawn requires.
 */
export async function queryWebGpuAdapter(): Promise<WebGpuAdapterQuery> {
  for (const specifier of [DAWN_PACKAGE, TFJS_WEBGPU_PACKAGE]) {
    if (!installed(specifier)) return { status: 'missing', reason: `${specifier} is not installed` };
  }
  let dawn: DawnModule;
  try {
    dawn = (await importInstalled(DAWN_PACKAGE)) as DawnModule;
  } catch (error) {
    return { status: 'missing', reason: `${DAWN_PACKAGE} (Dawn) failed to load (${firstLine(error)})` };
  }
  const gpu = dawn.create([]);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return { status: 'no-adapter' };
  const info = adapter.info ?? {};
  const fallback = info.isFallbackAdapter ?? adapter.isFallbackAdapter;
  return {
    status: 'adapter',
    info: {
      vendor: info.vendor,
      architecture: info.architecture,
      device: info.device,
      description: info.description,
      ...(fallback === undefined ? {} : { isFallbackAdapter: fallback }),
    },
    gpu,
    globals: dawn.globals,
  };
}

const SOFTWARE = /llvmpipe|lavapipe|swiftshader|softpipe|software rasteri[sz]er|microsoft basic render|\bwarp\b/i;

/**
 * Whether an adapter is a CPU implementation of WebGPU: the adapter says so (`isFallbackAdapter`,
 * architecture `software`), or its names match Mesa's llvmpipe/lavapipe/softpipe, Google's
 * SwiftShader or Microsoft's WARP (Basic Render Driver).
 */
export function isSoftwareAdapter(info: WebGpuAdapterInfo): boolean {
  if (info.isFallbackAdapter === true) return true;
  if (info.architecture?.toLowerCase() === 'software') return true;
  const names = [info.vendor, info.architecture, info.device, info.description];
  return names.some((s) => s !== undefined && SOFTWARE.test(s));
}

/** A one-line name for an adapter, e.g. `llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)` or `nvidia hopper`. */
export function describeAdapter(info: WebGpuAdapterInfo): string {
  const text = info.description?.trim() || [info.vendor, info.architecture, info.device].filter((s) => s).join(' ');
  return text || 'unnamed adapter';
}

/**
 * Makes `navigator.gpu` and the WebGPU constants (`GPUBufferUsage`, `GPUMapMode`, …) global, as
 * `@tensorflow/tfjs-backend-webgpu` expects of a browser; it registers itself only when
 * `navigator.gpu` exists at import. Existing globals are left alone.
 */
export function installWebGpuGlobals(gpu: unknown, globals: Record<string, unknown>): void {
  const g = globalThis as Record<string, unknown>;
  for (const [name, value] of Object.entries(globals)) if (!(name in g)) g[name] = value;
  const nav = g['navigator'] as { gpu?: unknown } | undefined;
  if (nav === undefined) Object.defineProperty(g, 'navigator', { value: { gpu }, configurable: true, writable: true });
  else if (nav.gpu === undefined) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!;
}

interface DeviceEvents {
  addEventListener(type: 'uncapturederror', listener: (event: { error?: { message?: string } }) => void): void;
}
const watched = new WeakSet<object>();

/**
 * Makes a WebGPU device error fatal. tfjs' webgpu backend does not check for them: a kernel that fails
 * validation (e.g. more storage buffers than the device allows) is skipped, Dawn prints the error, and
 * every result from there on is garbage. The listener runs synchronously inside the failing tfjs call;
 * its exception ends the process with this message (Node rethrows listener errors as uncaught).
 */
export function failOnDeviceErrors(device: unknown): void {
  const target = device as DeviceEvents | undefined;
  if (!target || typeof target.addEventListener !== 'function' || watched.has(target)) return;
  watched.add(target);
  target.addEventListener('uncapturederror', (event) => {
    const message = String(event.error?.message ?? event.error ?? 'unknown error').split('\n')[0];
    throw new Error(`webgpu: the device reported an error, results from here on would be wrong: ${message}`);
  });
}
