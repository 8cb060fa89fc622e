import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { importInstalled, installed } from '../src/backend/installed.js';
import { BACKENDS, selectBackend, tf } from '../src/internal.js';

/** A project folder with one package in node_modules, as a user's `npm install` would leave it. */
function project(name: string, main: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bladerec-project-'));
  const pkg = join(dir, 'node_modules', name);
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name, version: '1.0.0', main: 'index.js' }));
  writeFileSync(join(pkg, 'index.js'), main);
  return dir;
}
const projects: string[] = [];
afterAll(() => {
  for (const dir of projects) rmSync(dir, { recursive: true, force: true });
});

describe('backend selection', () => {
  it('falls back past the node backends (not installed here) to wasm, saying why', async () => {
    const selection = await selectBackend();
    expect(BACKENDS).toContain(selection.backend);
    // on machines without @tensorflow/tfjs-node(-gpu) or a GPU the first three are skipped with a reason
    for (const line of selection.skipped) expect(line).toMatch(/^(tensorflow-gpu|tensorflow|webgpu): .+/);
    if (selection.backend === 'wasm')
      expect(selection.skipped.map((l) => l.split(':')[0])).toEqual(['tensorflow-gpu', 'tensorflow', 'webgpu']);
    expect(tf.getBackend()).toBe(selection.backend === 'tensorflow-gpu' ? 'tensorflow' : selection.backend);
  });

  it('can be forced, and fails clearly for an unavailable or unknown backend', async () => {
    expect((await selectBackend('cpu')).backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    await expect(selectBackend('nonsense')).rejects.toThrow(
      /unknown backend 'nonsense' \(choose one of tensorflow-gpu, tensorflow, webgpu, wasm, cpu\)/,
    );
    let nodeInstalled = true;
    try {
      await import(/* @vite-ignore */ ['@tensorflow', 'tfjs-node-gpu'].join('/'));
    } catch {
      nodeInstalled = false;
    }
    if (!nodeInstalled)
      await expect(selectBackend('tensorflow-gpu')).rejects.toThrow(
        /backend 'tensorflow-gpu' is not available: tensorflow-gpu: @tensorflow\/tfjs-node-gpu is not installed/,
      );
    expect((await selectBackend('wasm')).backend).toBe('wasm');
  });
});

describe('optional peers installed in the working directory', () => {
  it('are found and imported by their resolved path, not only from the trainer', async () => {
    const dir = project('bladerec-peer-probe', 'module.exports = { answer: 42 };');
    projects.push(dir);
    expect(installed('bladerec-peer-probe', tmpdir())).toBe(false);
    expect(installed('bladerec-peer-probe', dir)).toBe(true);
    const mod = (await importInstalled('bladerec-peer-probe', dir)) as { default: { answer: number } };
    expect(mod.default.answer).toBe(42);
    await expect(importInstalled('bladerec-peer-probe', tmpdir())).rejects.toThrow(/bladerec-peer-probe/);
  });

  it('a tfjs-node that registers with another tfjs-core is refused with the reason', async () => {
    if (installed('@tensorflow/tfjs-node')) return; // a real one beside the trainer wins the resolution
    // loads, but registers nothing with the trainer's @tensorflow/tfjs (as a second, undeduplicated copy would)
    const dir = project('@tensorflow/tfjs-node', 'module.exports = {};');
    projects.push(dir);
    const cwd = vi.spyOn(process, 'cwd').mockReturnValue(dir);
    try {
      await expect(selectBackend('tensorflow')).rejects.toThrow(
        /tensorflow: @tensorflow\/tfjs-node loaded but registered its backend with another copy of @tensorflow\/tfjs-core/,
      );
    } finally {
      cwd.mockRestore();
    }
    expect((await selectBackend('wasm')).backend).toBe('wasm');
  });
});
