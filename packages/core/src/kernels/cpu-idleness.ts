import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** One reading of the machine's idle CPU time and this process's own CPU time. */
export interface CpuReading {
  /** Wall-clock time of the reading, ms (monotonic). */
  readonly at: number;
  /** Idle time summed over all cores since boot, ms (`/proc/stat`: idle + iowait; else `os.cpus()`: idle). */
  readonly idle: number;
  /** CPU time of this process, all its threads, ms (`process.cpuUsage()`: user + system). */
  readonly own: number;
}

/**
 * Cores this process could have run on between two readings: `(Δidle + Δown) / Δwall`, at least 0.
 * Idle time is capacity nobody used; this process's own CPU time is capacity its threads hold (so its own
 * earlier work never counts against it, unlike the load average, which lags and counts every runnable thread).
 * Time stolen by a hypervisor or used by other processes counts as neither. `undefined` when `b` is not later
 * than `a`.
 */
export function freeCores(a: CpuReading, b: CpuReading): number | undefined {
  const wall = b.at - a.at;
  if (!(wall > 0)) return undefined;
  return Math.max(0, (b.idle - a.idle + (b.own - a.own)) / wall);
}

/**
 * Whether `threads` threads pay on a machine with `free` free cores (see {@link freeCores}): each thread
 * past the calling one needs a core of its own, else it waits for the scheduler longer than it saves
 * (measured: NDCG@10 + Recall@10 over 1 M lists 22× slower on 2 threads than on 1 at load 23 on 2 cores).
 * Threads pay when `free ≥ threads − 1/2`: half a core of slack for the granularity of the readings
 * (10 ms ticks) and short bursts of other work.
 */
export function threadsPay(free: number, threads: number): boolean {
  return free >= threads - 0.5;
}

/** `/proc/stat` counts in USER_HZ ticks, 100 per second on every Linux ABI. */
const MS_PER_TICK = 10;

/** The machine's idle time now (ms): `/proc/stat`'s idle + iowait where it exists, else `os.cpus()`'s idle. */
export function readIdleMs(): number {
  try {
    const fields = readFileSync('/proc/stat', 'latin1').slice(0, 256).split('\n', 1)[0]!.trim().split(/\s+/);
    if (fields[0] === 'cpu' && fields.length > 5) return (Number(fields[4]) + Number(fields[5])) * MS_PER_TICK;
  } catch {
    // not Linux: os.cpus() below
  }
  return cpus().reduce((sum, cpu) => sum + cpu.times.idle, 0);
}

/** A reading now. */
export function readCpu(): CpuReading {
  const usage = process.cpuUsage();
  return { at: performance.now(), idle: readIdleMs(), own: (usage.user + usage.system) / 1000 };
}

/** How a metric kernel family chose its threads for one batch. */
export interface ThreadDecision {
  /** Threads that ran the batch (1: the calling thread alone). */
  readonly threads: number;
  /** Why, in words (for benchmark reports). */
  readonly reason: string;
  /** Free cores measured over the window the decision used (absent when none was measured). */
  readonly freeCores?: number;
}

/**
 * Decides from measured recent CPU idleness whether a pool of several threads should run a batch.
 *
 * The window is the time since the previous reading: a decision compares a reading taken now with the one
 * taken at the previous decision (or at construction), then keeps the new one. Windows shorter than
 * `minWindowMs` (the readings count 10 ms ticks) reuse the previous decision, so batches in quick succession
 * read the machine at most every `minWindowMs`. Before any window of that length has passed, the batch stays
 * on one thread. Readings and clock are injected, so the logic is tested without timing.
 */
export class CpuIdleness {
  private last: CpuReading;
  private free: number | undefined;

  constructor(
    private readonly read: () => CpuReading = readCpu,
    private readonly minWindowMs = 200,
  ) {
    this.last = read();
  }

  /** Whether `threads` threads pay now, with the free cores measured (see {@link threadsPay}). */
  decide(threads: number): ThreadDecision {
    const now = this.read();
    if (now.at - this.last.at >= this.minWindowMs) {
      this.free = freeCores(this.last, now) ?? this.free;
      this.last = now;
    }
    const free = this.free;
    if (free === undefined) return { threads: 1, reason: `no CPU reading over ${this.minWindowMs} ms yet` };
    const measured = `${free.toFixed(2)} free cores measured`;
    return threadsPay(free, threads)
      ? { threads, reason: measured, freeCores: free }
      : { threads: 1, reason: `${measured}, fewer than ${threads} threads need`, freeCores: free };
  }
}
