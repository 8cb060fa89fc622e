import { describe, expect, it } from 'vitest';
import { BACKENDS, selectBackend, tf } from '../src/internal.js';

describe('backend selection', () => {
  it('falls back past the node backends (not installed here) to wasm, saying why', async () => {
    const selection = await selectBackend();
    expect(BACKENDS).toContain(selection.backend);
    // on machines without @tensorflow/tfjs-node(-gpu) or a GPU the first three are skipped with a reason
    for (const line of selection.skipped) expect(line).toMatch(/^(tensorflow-gpu|tensorflow|webgpu): .+/);
    if (selection.backend === 'wasm') expect(selection.skipped.map((l) => l.split(':')[0])).toEqual(['tensorflow-gpu', 'tensorflow', 'webgpu']);
    expect(tf.getBackend()).toBe(selection.backend === 'tensorflow-gpu' ? 'tensorflow' : selection.backend);
  });

  it('can be forced, and fails clearly for an unavailable or unknown backend', async () => {
    expect((await selectBackend('cpu')).backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    await expect(selectBackend('nonsense')).rejects.toThrow(/unknown backend 'nonsense' \(choose one of tensorflow-gpu, tensorflow, webgpu, wasm, cpu\)/);
    let nodeInstalled = true;
    try {
      await import(/* @vite-ignore */ ['@tensorflow', 'tfjs-node-gpu'].join('/'));
    } catch {
      nodeInstalled = false;
    }
    if (!nodeInstalled) await expect(selectBackend('tensorflow-gpu')).rejects.toThrow(/backend 'tensorflow-gpu' is not available: tensorflow-gpu: @tensorflow\/tfjs-node-gpu is not installed/);
    expect((await selectBackend('wasm')).backend).toBe('wasm');
  });
});
