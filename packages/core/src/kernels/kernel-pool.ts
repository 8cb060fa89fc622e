import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import { SHARED_MAX_PAGES } from './wasm-assembler.js';

// The WebAssembly API is a Node global; the compiler options here load no DOM types, so declare the part used
// (module-scoped, as in wasm-assembler.ts, so that it never clashes with a package's global declaration).
interface SharedMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => SharedMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
};

/** Bytes per WebAssembly page. */
export const PAGE = 65_536;
/** Maximum size of the pool's shared memory (pages; 1 GiB): what `memory: 'shared'` modules import. */
export const MAX_PAGES = SHARED_MAX_PAGES;

// control words (Int32Array over a SharedArrayBuffer)
const GEN = 0; // job generation, bumped by the main thread
const DONE = 1; // workers finished with the current generation
const FAILED = 2; // 1 when a worker threw
const JOBS = 16; // per thread: [op, fn, nargs, args…, result]
const JOB_WORDS = 40;
/** The last word of a thread's job: the number its call returned (0 for a non-number). */
const RESULT = JOB_WORDS - 1;
/** At most this many i32 arguments per call. */
const MAX_ARGS = JOB_WORDS - 4;
const OP_STOP = -1;
const OP_LOAD = -2;
const OP_IDLE = -3;

/**
 * The worker's loop (CommonJS, evaluated as a string so that it runs the same from the TypeScript
 * sources and from `dist`): wait for a new generation, run this thread's job, count it done.
 */
const WORKER_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const { memory, control, port, index } = workerData;
const ctl = new Int32Array(control);
const modules = [];
let seen = 0;
for (;;) {
  Atomics.wait(ctl, ${GEN}, seen);
  const gen = Atomics.load(ctl, ${GEN});
  if (gen === seen) continue;
  seen = gen;
  const base = ${JOBS} + index * ${JOB_WORDS};
  const op = ctl[base];
  if (op === ${OP_STOP}) break;
  try {
    if (op === ${OP_LOAD}) {
      for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
        const exports = new WebAssembly.Instance(m.message.module, { env: { memory } }).exports;
        modules.push(m.message.names.map((name) => exports[name]));
      }
    } else if (op >= 0) {
      const args = Array.from(ctl.subarray(base + 3, base + 3 + ctl[base + 2]));
      const result = modules[op][ctl[base + 1]](...args);
      ctl[base + ${RESULT}] = typeof result === 'number' ? result : 0;
    }
  } catch (error) {
    Atomics.store(ctl, ${FAILED}, 1);
  }
  Atomics.add(ctl, ${DONE}, 1);
  Atomics.notify(ctl, ${DONE});
}
`;

/** A module loaded into the pool: its functions by export name, callable through {@link KernelPool.run}. */
export interface PoolModule {
  readonly index: number;
  readonly names: readonly string[];
}

/**
 * A fixed set of threads — the calling thread plus `threads − 1` `worker_threads` — sharing one
 * WebAssembly memory (a `SharedArrayBuffer`). {@link run} hands every thread one call of a module
 * function with its own arguments and returns when all are done: synchronously (the main thread
 * blocks in `Atomics.wait`, which Node allows), so the kernels can serve synchronous tfjs ops.
 * {@link launch} + {@link call} + {@link join} split that call, so the calling thread can do other
 * work (copy the next chunk of input) while the workers compute.
 *
 * The workers are `unref`'d (they never keep the process alive) and stop on {@link dispose}. A
 * given split of the work over the threads is fixed by the caller, so results depend on the
 * thread count only, never on timing.
 */
export class KernelPool {
  readonly memory: SharedMemory;
  private readonly control: Int32Array;
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly local: ((...args: number[]) => void)[][] = [];
  private readonly names: string[][] = [];
  private generation = 0;
  private running = false;
  private disposed = false;

  constructor(readonly threads: number) {
    if (!Number.isInteger(threads) || threads < 1 || threads > 64)
      throw new RangeError(`kernel threads must be an integer in 1 … 64, got ${threads}`);
    this.memory = new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
    this.control = new Int32Array(new SharedArrayBuffer(4 * (JOBS + JOB_WORDS * threads)));
    for (let index = 1; index < threads; index++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { memory: this.memory, control: this.control.buffer, port: port2, index },
        transferList: [port2],
      });
      worker.unref();
      port1.unref();
      this.workers.push(worker);
      this.ports.push(port1);
    }
  }

  /** Compiles and instantiates `bytes` on every thread (imports `env.memory` = the shared memory). */
  load(bytes: Uint8Array, names: readonly string[]): PoolModule {
    const module = new WebAssembly.Module(bytes);
    const exports = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports as Record<
      string,
      (...args: number[]) => void
    >;
    this.local.push(names.map((name) => exports[name]!));
    this.names.push([...names]);
    for (const port of this.ports) port.postMessage({ module, names: [...names] });
    this.dispatch(new Array(this.threads - 1).fill(undefined).map(() => ({ op: OP_LOAD })));
    this.join();
    return { index: this.local.length - 1, names };
  }

  /** Grows the shared memory to at least `bytes`. @throws RangeError beyond {@link MAX_PAGES}. */
  reserve(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes <= have) return;
    const pages = Math.ceil((bytes - have) / PAGE);
    if (have / PAGE + pages > MAX_PAGES)
      throw new RangeError(`kernel memory: ${bytes} bytes needed, at most ${MAX_PAGES * PAGE} available`);
    this.memory.grow(pages);
  }

  /**
   * Runs `module`'s function `fn` once per thread, thread t with `args[t]` (i32 values; `undefined`
   * leaves the thread idle); thread 0 is the caller. Returns when every thread is done, with each
   * thread's return value (0 for an idle thread or a function that returns no number).
   * @throws Error when a call threw on any thread (e.g. a trap).
   */
  run(module: PoolModule, fn: string, args: readonly (readonly number[] | undefined)[]): number[] {
    if (args.length !== this.threads)
      throw new RangeError(`run: ${args.length} argument lists for ${this.threads} threads`);
    this.launch(module, fn, args.slice(1));
    let own = 0;
    let error: unknown;
    try {
      if (args[0]) own = this.call(module, fn, args[0]);
    } catch (e) {
      error = e;
    }
    const results = this.join();
    if (error) throw error;
    return [own, ...results];
  }

  /**
   * Starts `module`'s function `fn` on the worker threads, worker t (thread t + 1) with `args[t]`
   * (`undefined`: idle), and returns at once: the calling thread is free until {@link join}, e.g. to
   * copy the next chunk of input or to {@link call} its own share. One launch at a time.
   */
  launch(module: PoolModule, fn: string, args: readonly (readonly number[] | undefined)[]): void {
    if (args.length !== this.threads - 1)
      throw new RangeError(`launch: ${args.length} argument lists for ${this.threads - 1} worker threads`);
    const f = this.functionIndex(module, fn);
    this.dispatch(args.map((a) => (a ? { op: module.index, fn: f, args: a } : { op: OP_IDLE })));
  }

  /** Calls `module`'s function `fn` on the calling thread (its share of a launched job) and returns its value. */
  call(module: PoolModule, fn: string, args: readonly number[]): number {
    const result = this.local[module.index]![this.functionIndex(module, fn)]!(...args) as unknown;
    return typeof result === 'number' ? result : 0;
  }

  /** Whether every worker has finished the launched job (never blocks). */
  finished(): boolean {
    return !this.running || Atomics.load(this.control, DONE) >= this.threads - 1;
  }

  /**
   * Waits for the job of the last {@link launch} and returns each worker's return value (in worker
   * order). @throws Error when a call threw on a worker thread.
   */
  join(): number[] {
    if (!this.running) throw new Error('join: no launched job');
    const ctl = this.control;
    for (let done = Atomics.load(ctl, DONE); done < this.threads - 1; done = Atomics.load(ctl, DONE)) {
      if (Atomics.wait(ctl, DONE, done, 120_000) === 'timed-out')
        throw new Error('kernel pool: a worker thread did not answer within 120 s');
    }
    this.running = false;
    if (Atomics.load(ctl, FAILED) !== 0) throw new Error('kernel pool: a kernel call failed on a worker thread');
    const results: number[] = [];
    for (let t = 1; t < this.threads; t++) results.push(ctl[JOBS + t * JOB_WORDS + RESULT]!);
    return results;
  }

  private functionIndex(module: PoolModule, fn: string): number {
    const f = module.names.indexOf(fn);
    if (f < 0) throw new RangeError(`no function ${fn} in the module`);
    return f;
  }

  /** Hands worker t (thread t + 1) `jobs[t]` and wakes the workers; {@link join} waits for them. */
  private dispatch(jobs: readonly { op: number; fn?: number; args?: readonly number[] }[]): void {
    if (this.disposed) throw new Error('kernel pool is disposed');
    if (this.running) throw new Error('kernel pool: a launched job has not been joined');
    const ctl = this.control;
    for (let t = 1; t < this.threads; t++) {
      const job = jobs[t - 1]!;
      const base = JOBS + t * JOB_WORDS;
      const args = job.args ?? [];
      if (args.length > MAX_ARGS) throw new RangeError(`at most ${MAX_ARGS} arguments per call`);
      ctl[base] = job.op;
      ctl[base + 1] = job.fn ?? 0;
      ctl[base + 2] = args.length;
      for (let i = 0; i < args.length; i++) ctl[base + 3 + i] = args[i]!;
      ctl[base + RESULT] = 0;
    }
    Atomics.store(ctl, DONE, 0);
    Atomics.store(ctl, FAILED, 0);
    this.generation = (this.generation + 1) | 0;
    this.running = true;
    Atomics.store(ctl, GEN, this.generation);
    Atomics.notify(ctl, GEN);
  }

  /** Stops the workers (idempotent). */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const ctl = this.control;
    for (let t = 1; t < this.threads; t++) ctl[JOBS + t * JOB_WORDS] = OP_STOP;
    Atomics.store(ctl, GEN, (this.generation + 1) | 0);
    Atomics.notify(ctl, GEN);
    for (const port of this.ports) port.close();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Threads of the shared pool: `BLADE_KERNEL_THREADS`, else the machine's cores (at most 8). */
export function defaultKernelThreads(): number {
  const env = process.env['BLADE_KERNEL_THREADS'];
  if (env !== undefined && env !== '') {
    const n = Number(env);
    if (!Number.isInteger(n) || n < 1 || n > 64)
      throw new RangeError(`BLADE_KERNEL_THREADS must be an integer in 1 … 64, got '${env}'`);
    return n;
  }
  return Math.max(1, Math.min(8, availableParallelism()));
}
