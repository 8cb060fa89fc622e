import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  isSoftwareAdapter,
  resetBackendSelection,
  selectBackend,
  tf,
  type WebGpuAdapterInfo,
  type WebGpuAdapterQuery,
} from '../src/internal.js';

// Only the adapter query (Dawn) is replaced; the selector and tfjs run as they are.
type Fake = WebGpuAdapterQuery | ((real: WebGpuAdapterQuery) => WebGpuAdapterQuery) | undefined;
const fake = vi.hoisted(() => ({ result: undefined as Fake }));
vi.mock('../src/backend/webgpu-adapter.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/backend/webgpu-adapter.js')>();
  return {
    ...actual,
    queryWebGpuAdapter: async () => {
      const r = fake.result;
      return typeof r === 'function' ? r(await actual.queryWebGpuAdapter()) : (r ?? actual.queryWebGpuAdapter());
    },
  };
});
type AdapterModule = typeof import('../src/backend/webgpu-adapter.js');
const { queryWebGpuAdapter: realQuery } = await vi.importActual<AdapterModule>('../src/backend/webgpu-adapter.js');
const real = await realQuery();

const lavapipe: WebGpuAdapterInfo = {
  vendor: 'mesa',
  architecture: 'software',
  device: 'llvmpipe-llvm-15-0-6-256-bits-',
  description: 'llvmpipe: Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6) 0.0.1',
  isFallbackAdapter: true,
};
const hopper: WebGpuAdapterInfo = {
  vendor: 'nvidia',
  architecture: 'hopper',
  device: '',
  description: 'NVIDIA H100 80GB HBM3',
};

/** The selector's line for webgpu when selecting automatically (the tfjs-node backends are not installed here). */
async function autoLine(): Promise<{ backend: string; line: string | undefined }> {
  const selection = await selectBackend();
  return { backend: selection.backend, line: selection.skipped.find((l) => l.startsWith('webgpu: ')) };
}

beforeEach(() => {
  resetBackendSelection();
  fake.result = undefined;
});

describe('webgpu in the backend selection', () => {
  it('says when Dawn or the tfjs backend is not installed, and falls back to wasm', async () => {
    fake.result = { status: 'missing', reason: 'webgpu is not installed' };
    expect(await autoLine()).toEqual({ backend: 'wasm', line: 'webgpu: webgpu is not installed' });
    await expect(selectBackend('webgpu')).rejects.toThrow(
      "backend 'webgpu' is not available: webgpu: webgpu is not installed",
    );
  });

  it('says when Dawn finds no adapter', async () => {
    fake.result = { status: 'no-adapter' };
    const { backend, line } = await autoLine();
    expect(backend).toBe('wasm');
    expect(line).toBe(
      'webgpu: Dawn found no WebGPU adapter (no Vulkan/Metal/D3D12 GPU driver; without a GPU, Mesa >= 25 lavapipe)',
    );
    await expect(selectBackend('webgpu')).rejects.toThrow(
      /^backend 'webgpu' is not available: webgpu: Dawn found no WebGPU adapter/,
    );
  });

  it('never picks a software rasteriser automatically, naming it', async () => {
    fake.result = { status: 'adapter', info: lavapipe, gpu: {}, globals: {} };
    expect(await autoLine()).toEqual({
      backend: 'wasm',
      line:
        'webgpu: the adapter is a software rasteriser (llvmpipe: Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6) 0.0.1), ' +
        'slower than wasm; use --backend webgpu to force it',
    });
  });

  const title = 'uses a software adapter when asked by name, and a hardware adapter automatically';
  const shown = real.status === 'adapter' ? title : `${title} — skipped: no WebGPU adapter here`;
  it.skipIf(real.status !== 'adapter')(
    shown,
    async () => {
      expect(await selectBackend('webgpu')).toEqual({ backend: 'webgpu', skipped: [] });
      expect(tf.getBackend()).toBe('webgpu');
      resetBackendSelection();
      // the real device, presented as a hardware GPU: chosen ahead of wasm
      fake.result = (q) => (q.status === 'adapter' ? { ...q, info: hopper } : q);
      const selection = await selectBackend();
      expect(selection.backend).toBe('webgpu');
      expect(selection.skipped.every((l) => /^tensorflow(-gpu)?: /.test(l))).toBe(true);
    },
    120_000,
  );

  it('recognises software adapters by flag, architecture or name', () => {
    const software: WebGpuAdapterInfo[] = [
      lavapipe,
      { vendor: 'mesa', architecture: '', description: 'llvmpipe (LLVM 19.1.7, 256 bits)' },
      { vendor: 'google', architecture: 'swiftshader', device: 'subzero', description: 'SwiftShader Device (Subzero)' },
      { vendor: 'microsoft', architecture: '', description: 'Microsoft Basic Render Driver' },
      { vendor: '', architecture: '', description: '', isFallbackAdapter: true },
    ];
    const hardware: WebGpuAdapterInfo[] = [
      hopper,
      { vendor: 'amd', architecture: 'rdna-3', description: 'AMD Radeon RX 7900 XTX (RADV NAVI31)' },
      { vendor: 'intel', architecture: 'gen-12lp', description: 'Intel(R) UHD Graphics 770', isFallbackAdapter: false },
      { vendor: 'apple', architecture: 'metal-3', description: 'Apple M2' },
    ];
    for (const info of software) expect(isSoftwareAdapter(info), JSON.stringify(info)).toBe(true);
    for (const info of hardware) expect(isSoftwareAdapter(info), JSON.stringify(info)).toBe(false);
  });
});
