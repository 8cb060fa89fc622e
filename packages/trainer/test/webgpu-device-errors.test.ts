import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { webgpuSkipReason, webgpuSuite } from './webgpu-support.js';

const skip = await webgpuSkipReason();
const dist = fileURLToPath(new URL('../dist/internal.js', import.meta.url));

// a child process, because a device error ends the process (that is what is tested); runs the built package
const script = `
const { selectBackend, tf } = await import(${JSON.stringify(dist)});
await selectBackend('webgpu');
// tfjs' webgpu addN binds all 12 inputs in one shader: more storage buffers than WebGPU's default 8
const sum = tf.addN(Array.from({ length: 12 }, (_, i) => tf.fill([300], i)));
console.log('finished with', (await sum.data())[0]);
`;

describe.skipIf(skip !== undefined)(webgpuSuite('webgpu device errors', skip), () => {
  it('end the process with a clear message instead of leaving garbage results', () => {
    const options = { encoding: 'utf8' as const, timeout: 120_000 };
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], options);
    expect(r.status, r.stderr).not.toBe(0);
    expect(r.stdout).not.toContain('finished with');
    expect(r.stderr).toMatch(/webgpu: the device reported an error, results from here on would be wrong: .*buffers/);
  }, 150_000);
});
