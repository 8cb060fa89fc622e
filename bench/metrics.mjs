// `pnpm bench:metrics`: throughput of the metric kernels against a PyTorch peer on identical data.
//
// - NDCG@10 + Recall@10 over 1,000,000 lists of 10 distinct items (single target) from a
//   4,000-item catalog;
// - ILD@10 (cosine) over 100,000 lists of 10 items with 64-d embeddings.
//
// The data are generated here (seeded), scored through the public `ListReward.score` of the built
// plugins (`dist`, so run `pnpm build` first; this script does), then written as raw arrays to a
// temporary folder that bench/metrics_torch.py reads, so both sides score the same inputs. Both
// report the best of RUNS timed runs after one warm-up; the script cross-checks the per-list scores
// and writes bench/results/metrics.md. Options: --runs N (default 7), --no-build, --no-torch,
// --out FILE (default bench/results/metrics.md), --ours-json (only our timings, as JSON: the one-thread
// child run); BLADE_KERNEL_THREADS sets the kernels' threads; BENCH_PYTHON overrides the interpreter
// (default /usr/bin/python3, Debian's, where python3-torch installs).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, getPriority, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1] ?? 7) || 7;
const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';
const OUT = resolve(args.includes('--out') ? args[args.indexOf('--out') + 1] : join(root, 'bench/results/metrics.md'));
const SEED = 20260401;
const ITEMS = 4000;
const WIDTH = 10;
const K = 10;
const ACC_LISTS = 1_000_000;
const ILD_LISTS = 100_000;
const DIM = 64;
const HIT_RATE = 0.3; // share of lists whose target is drawn from the list itself

if (!args.includes('--no-build')) execFileSync('pnpm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
const loadAtStart = loadavg()
  .map((x) => x.toFixed(2))
  .join(', ');
const { SharedPasses } = await import(join(root, 'packages/core/dist/bundle/index.js'));
const { defaultKernelThreads, freeCores, HITS_POOL, PARALLEL_MIN_LISTS, readCpu } = await import(
  join(root, 'packages/core/dist/bundle/internal.js')
);
/** Threads of the metric kernels' pool (BLADE_KERNEL_THREADS, else the cores, at most 8). */
const THREADS = defaultKernelThreads();
const { default: ndcgPlugin } = await import(join(root, 'plugins/reward-ndcg/dist/bundle/index.js'));
const { default: recallPlugin } = await import(join(root, 'plugins/reward-recall/dist/bundle/index.js'));
const { default: diversityPlugin, ILD_POOL } = await import(
  join(root, 'plugins/reward-diversity/dist/bundle/internal.js')
);

/** Free cores of the machine over `ms` (idle CPU time from /proc/stat, plus this process's own, which is asleep). */
async function measuredFreeCores(ms = 1000) {
  const a = readCpu();
  await new Promise((r) => setTimeout(r, ms));
  return freeCores(a, readCpu());
}
const freeAtStart = await measuredFreeCores();

// ---- data -------------------------------------------------------------------------------------

/** mulberry32: a small seeded PRNG with uniform floats in [0, 1). */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(SEED);
const uniformItem = () => Math.floor(rand() * ITEMS);

/** `lists` rows of WIDTH distinct items, drawn uniformly from the catalog. */
function distinctLists(lists) {
  const items = new Int32Array(lists * WIDTH);
  for (let row = 0; row < items.length; row += WIDTH) {
    for (let p = 0; p < WIDTH; p++) {
      let id;
      do id = uniformItem();
      while (items.subarray(row, row + p).includes(id));
      items[row + p] = id;
    }
  }
  return items;
}

const accItems = distinctLists(ACC_LISTS);
const targets = new Int32Array(ACC_LISTS);
for (let b = 0; b < ACC_LISTS; b++)
  targets[b] = rand() < HIT_RATE ? accItems[b * WIDTH + Math.floor(rand() * WIDTH)] : uniformItem();
const ildItems = distinctLists(ILD_LISTS);
const embeddings = new Float32Array(ITEMS * DIM);
for (let i = 0; i < embeddings.length; i++)
  embeddings[i] = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()); // N(0, 1)

const offsets = Int32Array.from({ length: ACC_LISTS + 1 }, (_, b) => b);
const accInputs = {
  lists: { size: ACC_LISTS, width: WIDTH, items: accItems },
  relevance: { offsets, values: targets, grades: new Float32Array(ACC_LISTS).fill(1) },
  items: { numItems: ITEMS },
};
const ildInputs = {
  lists: { size: ILD_LISTS, width: WIDTH, items: ildItems },
  items: { numItems: ITEMS, embeddings: { dim: DIM, data: embeddings } },
};

// ---- ours -------------------------------------------------------------------------------------

/**
 * Which thread counts `pool` (a metric kernel family) ran the batches of `fn` on, and why: e.g. "2 threads
 * (8 of 8 batches: 1.97 free cores measured)".
 */
function pathOf(pool, fn) {
  pool.takePaths();
  const value = fn();
  const paths = pool.takePaths();
  const total = paths.reduce((n, p) => n + p.batches, 0);
  const text =
    paths.length === 0
      ? 'no batch large enough for the pool'
      : paths
          .map(
            (p) => `${p.threads} thread${p.threads === 1 ? '' : 's'} (${p.batches} of ${total} batches: ${p.reason})`,
          )
          .join(', ');
  return { value, text };
}

function bestOf(fn) {
  fn(); // warm-up: JIT, and the cached unit embeddings of ILD
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best / 1000;
}
const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;

const ndcg = ndcgPlugin.rewards.ndcg.create({ k: K, gain: 'linear' });
const recall = recallPlugin.rewards.recall.create({ k: K });
const ild = diversityPlugin.rewards.ild.create({ k: K, distance: 'cosine' });
const ndcgOut = new Float64Array(ACC_LISTS);
const recallOut = new Float64Array(ACC_LISTS);
const ildOut = new Float64Array(ILD_LISTS);
let sink = 0;
const copyTarget = new Int32Array(accItems.length);
const accTimed = pathOf(HITS_POOL, () =>
  bestOf(() => {
    // as the evaluator scores them: one SharedPasses per batch, so both rewards read one hits pass, released after
    // the batch (its hits buffer serves the next one)
    const passes = new SharedPasses(accInputs);
    ndcg.score(accInputs, ndcgOut, passes);
    recall.score(accInputs, recallOut, passes);
    passes.release();
  }),
);
const ildTimed = pathOf(ILD_POOL, () => bestOf(() => ild.score(ildInputs, ildOut)));
const ours = {
  accSeconds: accTimed.value,
  accPath: accTimed.text,
  accSeparateSeconds: bestOf(() => {
    ndcg.score(accInputs, ndcgOut);
    recall.score(accInputs, recallOut);
  }),
  // the memory-bandwidth bound: touching the lists once (nothing faster can see every slot): a sum over the
  // items, and a memcpy (`TypedArray.set`, which reads them once and also writes a copy)
  readOnceSumSeconds: bestOf(() => {
    let s = 0;
    for (let i = 0; i < accItems.length; i++) s += accItems[i];
    sink += s;
  }),
  readOnceCopySeconds: bestOf(() => copyTarget.set(accItems)),
  ndcgSeconds: bestOf(() => ndcg.score(accInputs, ndcgOut)),
  recallSeconds: bestOf(() => recall.score(accInputs, recallOut)),
  ildSeconds: ildTimed.value,
  ildPath: ildTimed.text,
  ndcgMean: mean(ndcgOut),
  recallMean: mean(recallOut),
  ildMean: mean(ildOut),
};
ours.readOnceSeconds = Math.min(ours.readOnceSumSeconds, ours.readOnceCopySeconds);
console.log(
  `ours (${THREADS} kernel thread${THREADS === 1 ? '' : 's'}): NDCG@10 + Recall@10 ${(ours.accSeconds * 1e3).toFixed(1)} ms (NDCG ${(ours.ndcgSeconds * 1e3).toFixed(1)}, Recall ${(ours.recallSeconds * 1e3).toFixed(1)}), ILD@10 ${(ours.ildSeconds * 1e3).toFixed(1)} ms`,
);
console.log(`  paths: NDCG@10 + Recall@10 on ${ours.accPath}; ILD@10 on ${ours.ildPath}`);
if (args.includes('--ours-json')) {
  // the child run of the one-thread row: print the timings and stop
  console.log(JSON.stringify({ threads: THREADS, ...ours, sink }));
  process.exit(0);
}
/** The same kernels on one thread (a child process with BLADE_KERNEL_THREADS=1: the pool is fixed per process). */
const one =
  THREADS === 1
    ? ours
    : JSON.parse(
        execFileSync(
          process.execPath,
          [fileURLToPath(import.meta.url), '--no-build', '--runs', String(RUNS), '--ours-json'],
          {
            encoding: 'utf8',
            maxBuffer: 1 << 20,
            env: { ...process.env, BLADE_KERNEL_THREADS: '1' },
          },
        )
          .trim()
          .split('\n')
          .at(-1),
      );
const sameScores = ['ndcgMean', 'recallMean', 'ildMean'].every((m) => one[m] === ours[m]);
console.log(
  `ours (1 kernel thread): NDCG@10 + Recall@10 ${(one.accSeconds * 1e3).toFixed(1)} ms, ILD@10 ${(one.ildSeconds * 1e3).toFixed(1)} ms; means identical: ${sameScores}`,
);
if (!sameScores) {
  console.error('bench:metrics: the one-thread and threaded kernels disagree');
  process.exitCode = 1;
}

// ---- torch ------------------------------------------------------------------------------------

/**
 * Torch is available, or installed now from Debian (python3-torch, libopenblas0-pthread); else the reason it is
 * skipped.
 */
function torchAvailable() {
  const probe = () => spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' }).status === 0;
  if (probe()) return { ok: true };
  console.log(
    `bench:metrics: \`${PYTHON} -c 'import torch'\` failed; installing python3-torch and libopenblas0-pthread with apt-get`,
  );
  let apt = spawnSync('apt-get', ['install', '-y', 'python3-torch', 'libopenblas0-pthread'], { stdio: 'inherit' });
  if (apt.status !== 0 && !apt.error) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit' });
    apt = spawnSync('apt-get', ['install', '-y', 'python3-torch', 'libopenblas0-pthread'], { stdio: 'inherit' });
  }
  if (probe()) return { ok: true };
  return {
    ok: false,
    reason: apt.error ? `apt-get is not available (${apt.error.code})` : `apt-get install failed (exit ${apt.status})`,
  };
}

let torch;
let torchSkipped;
if (args.includes('--no-torch')) torchSkipped = '--no-torch was given';
else {
  const available = torchAvailable();
  if (!available.ok) torchSkipped = `PyTorch is not installed and could not be installed: ${available.reason}`;
}
const check = {};
if (torchSkipped) console.log(`bench:metrics: torch skipped (${torchSkipped})`);
else {
  const dir = mkdtempSync(join(tmpdir(), 'bladerec-bench-metrics-'));
  try {
    const raw = (array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);
    writeFileSync(
      join(dir, 'meta.json'),
      JSON.stringify({ k: K, width: WIDTH, dim: DIM, items: ITEMS, accLists: ACC_LISTS, ildLists: ILD_LISTS }),
    );
    writeFileSync(join(dir, 'acc_items.i32'), raw(accItems));
    writeFileSync(join(dir, 'acc_targets.i32'), raw(targets));
    writeFileSync(join(dir, 'ild_items.i32'), raw(ildItems));
    writeFileSync(join(dir, 'embeddings.f32'), raw(embeddings));
    // OpenMP threads spin while they wait (OMP_WAIT_POLICY=ACTIVE, the default), which is fastest on an
    // idle machine and very slow when another job holds a core; run both policies, keep each best time
    const replies = ['ACTIVE', 'PASSIVE'].map((policy) => {
      const out = execFileSync(PYTHON, [join(root, 'bench/metrics_torch.py'), dir, String(RUNS)], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
        env: { ...process.env, OMP_WAIT_POLICY: policy },
      });
      return { policy, reply: JSON.parse(out.trim().split('\n').at(-1)) };
    });
    const reply = structuredClone(replies[0].reply);
    for (const threads of ['2', '1']) {
      for (const workload of ['acc', 'ild']) {
        for (const dtype of ['float64', 'float32']) {
          const best = replies.reduce((a, b) =>
            b.reply.threads[threads][workload][dtype].seconds < a.reply.threads[threads][workload][dtype].seconds
              ? b
              : a,
          );
          reply.threads[threads][workload][dtype] = {
            ...best.reply.threads[threads][workload][dtype],
            policy: best.policy,
          };
        }
      }
    }
    torch = { ...reply, ...reply.threads['2'], oneThread: reply.threads['1'] };
    const read = (name) => {
      const bytes = readFileSync(join(dir, name));
      return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
    };
    const maxDiff = (a, b) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);
    check.ndcg = {
      maxAbs: maxDiff(ndcgOut, read('torch_ndcg.f64')),
      meanDiff: Math.abs(ours.ndcgMean - torch.acc.float64.ndcgMean),
      mean32Diff: Math.abs(ours.ndcgMean - torch.acc.float32.ndcgMean),
    };
    check.recall = {
      maxAbs: maxDiff(recallOut, read('torch_recall.f64')),
      meanDiff: Math.abs(ours.recallMean - torch.acc.float64.recallMean),
      mean32Diff: Math.abs(ours.recallMean - torch.acc.float32.recallMean),
    };
    check.ild = {
      maxAbs: maxDiff(ildOut, read('torch_ild.f64')),
      meanDiff: Math.abs(ours.ildMean - torch.ild.float64.mean),
      mean32Diff: Math.abs(ours.ildMean - torch.ild.float32.mean),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const [name, c] of Object.entries(check)) {
    console.log(
      `check ${name}: max |ours − torch f64| per list ${c.maxAbs.toExponential(2)}, mean diff f64 ${c.meanDiff.toExponential(2)}, f32 ${c.mean32Diff.toExponential(2)}`,
    );
    if (!(c.maxAbs <= 1e-9 && c.mean32Diff <= 1e-6)) {
      console.error(
        `bench:metrics: ${name} disagrees with torch beyond 1e-9 per list (float64) or 1e-6 in the mean (float32)`,
      );
      process.exitCode = 1;
    }
  }
}

// ---- report -----------------------------------------------------------------------------------

const rate = (lists, seconds) => lists / seconds;
const fmtRate = (x) => `${(x / 1e6).toFixed(2)} M`;
const fmtMs = (s) => (s * 1e3).toFixed(1);
const rows = [
  [
    'NDCG@10 + Recall@10',
    ACC_LISTS,
    ours.accSeconds,
    torch?.acc.float64.seconds,
    torch?.acc.float32.seconds,
    `hit matrix \`lists == target\`, then \`hits @ discount\` and \`hits.sum(1)\`${torch ? ` (float64: ${torch.acc.float64.method}; float32: ${torch.acc.float32.method})` : ''}`,
  ],
  [
    'ILD@10 (cosine, 64-d)',
    ILD_LISTS,
    ours.ildSeconds,
    torch?.ild.float64.seconds,
    torch?.ild.float32.seconds,
    torch ? `float64: ${torch.ild.float64.method}; float32: ${torch.ild.float32.method}` : '',
  ],
].map((row, i) => {
  if (!torch) return row;
  const workload = i === 0 ? 'acc' : 'ild';
  return [
    ...row.slice(0, 5),
    `${row[5]} (OMP_WAIT_POLICY: float64 ${torch[workload].float64.policy}, float32 ${torch[workload].float32.policy})`,
  ];
});

const cpuModel = cpus()[0]?.model.trim() ?? 'unknown CPU';
const freeAtEnd = await measuredFreeCores();
const fmtFree = (x) => (x === undefined ? 'unknown' : x.toFixed(2));
/** Other work held more than half a core before or after the run (or the load average exceeded the cores). */
const shared =
  [freeAtStart, freeAtEnd].some((x) => x !== undefined && x < cpus().length - 0.5) ||
  Math.max(loadavg()[0], Number(loadAtStart.split(', ')[0])) > cpus().length;
const load = loadavg()
  .map((x) => x.toFixed(2))
  .join(', ');
const lines = [
  '# Metric kernel benchmark: bladerec vs PyTorch (CPU)',
  '',
  `Command: \`pnpm bench:metrics\` (\`node bench/metrics.mjs\`, which builds first and runs \`${PYTHON} bench/metrics_torch.py\` on the same data).`,
  '',
  'Throughput in lists per second (best of the timed runs after one warm-up; higher is better). "ratio" is',
  'ours / torch: above 1 means bladerec is faster.',
  '',
  '| workload | lists | bladerec (ms) | bladerec (lists/s) | torch float64 (ms) | torch float64 (lists/s) | ratio vs float64 | torch float32 (ms) | torch float32 (lists/s) | ratio vs float32 | torch method |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ...rows.map(([name, lists, o, t64, t32, method]) =>
    t64 === undefined
      ? `| ${name} | ${lists.toLocaleString('en-US')} | ${fmtMs(o)} | ${fmtRate(rate(lists, o))} | skipped | | | skipped | | | |`
      : `| ${name} | ${lists.toLocaleString('en-US')} | ${fmtMs(o)} | ${fmtRate(rate(lists, o))} | ${fmtMs(t64)} | ${fmtRate(rate(lists, t64))} | ${(t64 / o).toFixed(2)} | ${fmtMs(t32)} | ${fmtRate(rate(lists, t32))} | ${(t32 / o).toFixed(2)} | ${method} |`,
  ),
  '',
  `bladerec: NDCG@10 + Recall@10 share one hits pass (a \`SharedPasses\` per batch, as the evaluator plans it; torch likewise derives both from one hit matrix). Without it (each reward scans the lists itself): ${fmtMs(ours.accSeparateSeconds)} ms; NDCG@10 alone ${fmtMs(ours.ndcgSeconds)} ms, Recall@10 alone ${fmtMs(ours.recallSeconds)} ms.`,
  '',
  `Threads: bladerec's kernels split batches of at least ${PARALLEL_MIN_LISTS.toLocaleString('en-US')} lists over a worker pool of ${THREADS} threads (the hits scan and ILD; results bit-identical to one thread) when the machine has the free cores for them (measured CPU idleness over the recent past; \`BLADE_KERNEL_THREADS\` forces the threads). **Paths taken in the table above** (warm-up and timed runs): NDCG@10 + Recall@10 on ${ours.accPath}; ILD@10 on ${ours.ildPath}. On **one** thread (\`BLADE_KERNEL_THREADS=1\`, a child process): NDCG@10 + Recall@10 ${fmtMs(one.accSeconds)} ms${torch ? ` (ratio vs torch float32, 2 threads: ${(torch.acc.float32.seconds / one.accSeconds).toFixed(2)})` : ''}, ILD@10 ${fmtMs(one.ildSeconds)} ms${torch ? ` (${(torch.ild.float32.seconds / one.ildSeconds).toFixed(2)})` : ''}; means identical to the threaded run: ${sameScores ? 'yes' : '**no**'}.`,
  '',
  `Memory-bandwidth bound: touching the ${((accItems.length * 4) / 2 ** 20).toFixed(0)} MiB of list items once takes ${fmtMs(ours.readOnceSeconds)} ms (the faster of a JavaScript sum over the \`Int32Array\`, ${fmtMs(ours.readOnceSumSeconds)} ms, and a memcpy with \`TypedArray.set\`, which also writes a copy, ${fmtMs(ours.readOnceCopySeconds)} ms; one thread), so the shared-pass NDCG@10 + Recall@10 runs at ${(ours.readOnceSeconds / ours.accSeconds).toFixed(2)}× that bound${torch ? `; torch float32 at ${(ours.readOnceSeconds / torch.acc.float32.seconds).toFixed(2)}×` : ''} (1 = as fast as one read of the lists).`,
  '',
  ...(torch
    ? [
        "For reference, torch with **1 thread** (against bladerec's threaded row above):",
        '',
        '| workload | torch float64 (ms) | ratio vs float64 | torch float32 (ms) | ratio vs float32 |',
        '| --- | ---: | ---: | ---: | ---: |',
        `| NDCG@10 + Recall@10 | ${fmtMs(torch.oneThread.acc.float64.seconds)} | ${(torch.oneThread.acc.float64.seconds / ours.accSeconds).toFixed(2)} | ${fmtMs(torch.oneThread.acc.float32.seconds)} | ${(torch.oneThread.acc.float32.seconds / ours.accSeconds).toFixed(2)} |`,
        `| ILD@10 (cosine, 64-d) | ${fmtMs(torch.oneThread.ild.float64.seconds)} | ${(torch.oneThread.ild.float64.seconds / ours.ildSeconds).toFixed(2)} | ${fmtMs(torch.oneThread.ild.float32.seconds)} | ${(torch.oneThread.ild.float32.seconds / ours.ildSeconds).toFixed(2)} |`,
        '',
      ]
    : []),
  '## What is measured',
  '',
  `- Data (seed ${SEED}): ${ITEMS.toLocaleString('en-US')}-item catalog; every list holds ${WIDTH} distinct items drawn uniformly. Accuracy: one target per list,`,
  `  drawn from the list itself with probability ${HIT_RATE} and uniformly from the catalog otherwise. ILD: ${DIM}-d embeddings with N(0, 1) entries.`,
  '  The node script generates the data once and writes the raw arrays to a temporary folder that the torch script reads.',
  `- bladerec: the public \`ListReward.score(inputs, out, passes)\` of the built plugins (\`ndcg\`, \`recall\`, \`ild\`). The single-target`,
  `  batch takes the \`singleTargetHits\` fast path (a WebAssembly SIMD scan); NDCG and Recall take it from one \`SharedPasses\` per batch,`,
  `  as \`Evaluator.evaluate\` does. Batches of ${PARALLEL_MIN_LISTS.toLocaleString('en-US')} lists or more run the scan and ILD on a \`KernelPool\``,
  `  of ${THREADS} threads (the calling thread and workers over a shared WebAssembly memory; the calling thread copies the next chunk of lists in while the workers scan the current one, then scans a share of it itself)`,
  '  when the machine has the free cores for it (the paths each row took are listed above).',
  '- torch: vectorised tensor code, no Python loop over lists (see `bench/metrics_torch.py`), `torch.set_num_threads(2)`, in float64',
  "  (the precision bladerec computes in) and float32 (torch's usual dtype). The torch script runs twice, with",
  "  `OMP_WAIT_POLICY=ACTIVE` (OpenMP's default: waiting threads spin, fastest on an idle machine) and `PASSIVE` (they sleep, much",
  '  faster when other jobs hold the cores); each torch time is the better of the two. Each workload is also timed with',
  '  preallocated outputs (`out=`), as bladerec reuses its output buffers, and the faster variant is reported.',
  '- ILD: both sides use the same Gram identity, the best algorithm for both (O(n·dim) per list instead of O(n²·dim)):',
  '  `Σ_{j<l} cos(e_j, e_l) = (‖Σ_j u_j‖² − Σ_j ‖u_j‖²) / 2` with unit vectors `u_j`. Both normalise the embeddings once, outside the',
  '  timed runs (bladerec caches them per embedding matrix; the warm-up fills the cache). For torch the faster of `F.embedding_bag`',
  '  (sum mode) and a chunked gather is reported, per dtype.',
  '',
  '## Cross-check',
  '',
  torchSkipped
    ? `Torch was skipped (${torchSkipped}).`
    : [
        '| metric | bladerec mean | max abs. difference per list (torch float64) | difference of means (float64) | difference of means (float32) |',
        '| --- | ---: | ---: | ---: | ---: |',
        `| NDCG@10 | ${ours.ndcgMean.toFixed(9)} | ${check.ndcg.maxAbs.toExponential(1)} | ${check.ndcg.meanDiff.toExponential(1)} | ${check.ndcg.mean32Diff.toExponential(1)} |`,
        `| Recall@10 | ${ours.recallMean.toFixed(9)} | ${check.recall.maxAbs.toExponential(1)} | ${check.recall.meanDiff.toExponential(1)} | ${check.recall.mean32Diff.toExponential(1)} |`,
        `| ILD@10 | ${ours.ildMean.toFixed(9)} | ${check.ild.maxAbs.toExponential(1)} | ${check.ild.meanDiff.toExponential(1)} | ${check.ild.mean32Diff.toExponential(1)} |`,
      ].join('\n'),
  '',
  '## Machine',
  '',
  `- CPU: ${cpuModel}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM; load average (1, 5, 15 min) at the start: ${loadAtStart}, at the end: ${load}; free cores measured over 1 s (idle CPU time, /proc/stat) before the run: ${fmtFree(freeAtStart)}, after it: ${fmtFree(freeAtEnd)} of ${cpus().length}.`,
  `- Node ${process.version} (${process.platform}/${process.arch}); bladerec kernels: pools of ${THREADS} threads (\`BLADE_KERNEL_THREADS\`, else the cores), used where the free cores allow (paths above), and 1 in the one-thread line.`,
  ...(getPriority() === 0
    ? []
    : [
        `- Both sides ran at scheduling priority nice ${getPriority()} (the torch process inherits it), ${getPriority() > 0 ? 'behind' : 'ahead of'} other jobs at the default priority.`,
      ]),
  torch
    ? `- PyTorch ${torch.torch} (Debian \`python3-torch\`, OpenBLAS), NumPy ${torch.numpy}; intra-op threads 2 (\`torch.set_num_threads(2)\`; 1 in the reference table), inter-op threads ${torch.interopThreads}.`
    : `- PyTorch: skipped (${torchSkipped}).`,
  `- Runs: ${RUNS} timed runs per workload after one warm-up, best reported. Run on ${new Date().toISOString().slice(0, 10)}.`,
  ...(shared
    ? [
        '',
        `**Shared machine.** Other jobs were running (more than half a core busy with other work before or after the run, or a load average above the ${cpus().length} cores). Best-of timing`,
        "and the priority above reduce their effect, but timings still vary between runs (torch's multi-threaded, allocation-heavy",
        'runs the most; see the 1-thread table). Rerun on an idle machine for clean numbers.',
      ]
    : []),
  '',
];
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, lines.join('\n'));
console.log(`wrote ${OUT}`);
// the side-by-side table (ours vs torch), as written to the results file
const table = lines.join('\n').split('\n');
const first = table.findIndex((l) => l.startsWith('| workload'));
if (first >= 0) console.log(['', ...table.slice(first, table.indexOf('', first))].join('\n'));
