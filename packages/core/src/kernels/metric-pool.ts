import { CpuIdleness, type ThreadDecision } from './cpu-idleness.js';
import { defaultKernelThreads, KernelPool, type PoolModule } from './kernel-pool.js';

/**
 * Batches of at least this many lists are split over a {@link KernelPool} by the metric kernels that
 * have a threaded path (the single-target hits scan, cosine ILD); smaller ones stay on the calling
 * thread, where waking the workers would cost more than it saves.
 */
export const PARALLEL_MIN_LISTS = 1 << 16;

/** How often each thread count ran a kernel family's large batches, with the last reason given. */
export interface KernelPathCount {
  readonly threads: number;
  readonly batches: number;
  readonly reason: string;
}

/** The process's reader of recent CPU idleness, shared by every metric kernel family (one reading at start). */
let idleness: CpuIdleness | undefined;

/**
 * The worker pool of one metric kernel family, created on first use with {@link defaultKernelThreads}
 * threads (`BLADE_KERNEL_THREADS`, else the cores, at most 8), and the kernel's module loaded into it.
 * Each family has its own pool (and so its own shared memory, whose layout it owns); idle workers wait
 * in `Atomics.wait` and never keep the process alive. Where {@link get} gives `undefined`, the caller keeps
 * its single-thread path.
 */
export class MetricKernelPool {
  private state: { pool: KernelPool; module: PoolModule } | undefined;
  private paths = new Map<number, KernelPathCount>();

  constructor(
    private readonly bytes: Uint8Array,
    private readonly names: readonly string[],
  ) {
    idleness ??= new CpuIdleness();
  }

  /**
   * The pool and the loaded module for one large batch, or `undefined` when it runs on one thread: one
   * configured thread, or — unless `BLADE_KERNEL_THREADS` asks for threads — too few free cores measured over
   * the recent past ({@link CpuIdleness}: idle CPU time plus this process's own, since the previous decision),
   * where a worker would wait for the scheduler longer than it saves. Results are the same either way.
   * Every call is counted in {@link takePaths}.
   */
  get(): { pool: KernelPool; module: PoolModule } | undefined {
    const threads = defaultKernelThreads();
    const decision: ThreadDecision =
      threads === 1
        ? { threads: 1, reason: 'one kernel thread configured' }
        : process.env['BLADE_KERNEL_THREADS']
          ? { threads, reason: `BLADE_KERNEL_THREADS=${threads}` }
          : idleness!.decide(threads);
    this.paths.set(decision.threads, {
      threads: decision.threads,
      batches: (this.paths.get(decision.threads)?.batches ?? 0) + 1,
      reason: decision.reason,
    });
    if (decision.threads === 1) return undefined;
    if (this.state === undefined) this.state = MetricKernelPool.load(new KernelPool(threads), this.bytes, this.names);
    return this.state;
  }

  /** The thread counts that ran this family's large batches since the last call (then forgets them). */
  takePaths(): KernelPathCount[] {
    const paths = [...this.paths.values()].sort((a, b) => b.threads - a.threads);
    this.paths.clear();
    return paths;
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
