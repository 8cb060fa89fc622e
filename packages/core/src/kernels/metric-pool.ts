import { availableParallelism, loadavg } from 'node:os';
import { defaultKernelThreads, KernelPool, type PoolModule } from './kernel-pool.js';

/**
 * Batches of at least this many lists are split over a {@link KernelPool} by the metric kernels that
 * have a threaded path (the single-target hits scan, cosine ILD); smaller ones stay on the calling
 * thread, where waking the workers would cost more than it saves.
 */
export const PARALLEL_MIN_LISTS = 1 << 16;

/**
 * The worker pool of one metric kernel family, created on first use with {@link defaultKernelThreads}
 * threads (`BLADE_KERNEL_THREADS`, else the cores, at most 8), and the kernel's module loaded into it.
 * Each family has its own pool (and so its own shared memory, whose layout it owns); idle workers wait
 * in `Atomics.wait` and never keep the process alive. Where {@link get} gives `undefined`, the caller keeps
 * its single-thread path.
 */
export class MetricKernelPool {
  private state: { pool: KernelPool; module: PoolModule } | null | undefined;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly names: readonly string[],
  ) {}

  /**
   * The pool and the loaded module, or `undefined` when the kernels run on one thread: one configured
   * thread, or — unless `BLADE_KERNEL_THREADS` asks for threads — an oversubscribed machine (1-minute load
   * average above the cores), where a worker waits for the scheduler longer than it saves (measured: NDCG@10 +
   * Recall@10 over 1 M lists 22× slower on 2 threads than on 1 at load 23 on 2 cores). Results are the same
   * either way.
   */
  get(): { pool: KernelPool; module: PoolModule } | undefined {
    if (!process.env['BLADE_KERNEL_THREADS'] && loadavg()[0]! > availableParallelism()) return undefined;
    if (this.state === undefined) {
      const threads = defaultKernelThreads();
      this.state = threads > 1 ? MetricKernelPool.load(new KernelPool(threads), this.bytes, this.names) : null;
    }
    return this.state ?? undefined;
  }

  /** Loads `bytes` into `pool` (for tests and benchmarks that choose the thread count). */
  static load(pool: KernelPool, bytes: Uint8Array, names: readonly string[]): { pool: KernelPool; module: PoolModule } {
    return { pool, module: pool.load(bytes, names) };
  }
}

/**
 * Splits `count` rows into one contiguous range per thread, in order (thread t gets rows
 * `[start_t, end_t)`; sizes differ by at most one). The split depends on the counts only, and every row
 * is computed by the same code whichever thread runs it, so results are bit-identical for any thread
 * count.
 */
export function splitRows(count: number, threads: number): [start: number, end: number][] {
  const ranges: [number, number][] = [];
  const base = Math.floor(count / threads);
  const extra = count % threads;
  let start = 0;
  for (let t = 0; t < threads; t++) {
    const end = start + base + (t < extra ? 1 : 0);
    ranges.push([start, end]);
    start = end;
  }
  return ranges;
}
