import { afterAll, describe, expect, it } from 'vitest';
import { assembleModule, end, I32, i32Add, i32Load, i32Store, localGet as get } from '../src/kernels/wasm-assembler.js';
import { KernelPool } from '../src/internal.js';

/**
 * `bump(addr, by) → old + by`: adds `by` to the i32 at `addr` of the shared memory and returns the sum
 * (so every thread's return value and its write to memory can be checked).
 */
const BUMP = assembleModule({
  params: [I32, I32],
  results: [I32],
  locals: [],
  exportName: 'bump',
  memory: 'shared',
  body: [...get(0), ...get(0), ...i32Load(), ...get(1), ...i32Add, ...i32Store(), ...get(0), ...i32Load(), ...end],
});

describe('KernelPool: run, and launch + call + join', () => {
  const pools = [1, 2, 3].map((threads) => new KernelPool(threads));
  const modules = pools.map((pool) => pool.load(BUMP, ['bump']));
  afterAll(async () => {
    for (const pool of pools) await pool.dispose();
  });
  const word = (pool: KernelPool, addr: number) => new Int32Array(pool.memory.buffer, addr, 1)[0]!;

  it('run gives every thread its own call and returns each return value (0 for an idle thread)', () => {
    pools.forEach((pool, p) => {
      const args = Array.from({ length: pool.threads }, (_, t) => (t === 1 ? undefined : [64 + 4 * t, 10 + t]));
      const results = pool.run(modules[p]!, 'bump', args);
      expect(results).toEqual(args.map((a) => (a ? a[1]! : 0)));
      args.forEach((a) => a && expect(word(pool, a[0]!)).toBe(a[1]));
      new Int32Array(pool.memory.buffer, 64, 8).fill(0);
    });
  });

  it("launch returns at once; the caller works, then join returns the workers' values", () => {
    pools.forEach((pool, p) => {
      const workers = Array.from({ length: pool.threads - 1 }, (_, t) => [256 + 4 * t, 100 + t]);
      pool.launch(modules[p]!, 'bump', workers);
      expect(pool.call(modules[p]!, 'bump', [512, 7])).toBe(7); // the calling thread's own share meanwhile
      expect(pool.join()).toEqual(workers.map((a) => a[1]));
      expect(pool.finished()).toBe(true);
      workers.forEach((a) => expect(word(pool, a[0]!)).toBe(a[1]));
    });
  });

  it('refuses a second launch before join, a join without launch, and wrong argument counts', () => {
    const pool = pools[1]!;
    const module = modules[1]!;
    expect(() => pool.join()).toThrow(/no launched job/);
    pool.launch(module, 'bump', [[1024, 1]]);
    expect(() => pool.launch(module, 'bump', [[1024, 1]])).toThrow(/not been joined/);
    expect(() => pool.run(module, 'bump', [undefined, undefined])).toThrow(/not been joined/);
    expect(pool.join()).toEqual([1]);
    expect(() => pool.launch(module, 'bump', [])).toThrow(/1 worker threads/);
    expect(() => pool.run(module, 'bump', [undefined])).toThrow(/2 threads/);
    expect(() => pool.call(module, 'nope', [])).toThrow(/no function nope/);
    expect(() => pool.run(module, 'bump', [undefined, new Array(37).fill(0)])).toThrow(/at most 36 arguments/);
    expect(
      pool.run(module, 'bump', [
        [2048, 3],
        [2052, 4],
      ]),
    ).toEqual([3, 4]); // still usable
  });
});
