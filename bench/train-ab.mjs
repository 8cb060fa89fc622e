// `pnpm bench:train-ab`: which kernels buy what, measured so that a shared, loaded machine still gives an
// answer. One SFT optimizer step (the model and batch of bench/train.mjs) for each kernel configuration —
// composed tfjs ops, the fused vocabulary op alone, every fused kernel — each configuration in its own
// process, the processes interleaved round by round (so that a change of outside load hits every
// configuration alike), and both the wall time and the CPU time of the step (process.cpuUsage: the work
// done, which outside load inflates far less than it inflates wall time) reported as medians over all rounds.
// The same for the decoding calls of an alignment run (the study's sizes): sampling 32 contexts × 8 lists
// × 10 items and greedy decoding of 300 contexts × 10 items, from the synthetic recipe's model (count prior)
// over 400 and 4,100 items — composed tfjs ops vs the fused draw kernel on 1 and 2 threads.
// Writes bench/results/train-ab.md.
//   node bench/train-ab.mjs [--rounds N] [--steps N] [--only sft|decode] [--workloads id,…]   (the root script
//   builds first; --workloads: only these decoding workloads, the ids of DECODE_WORKLOADS)
//   node bench/train-ab.mjs --child [--workload W]       one process: JSON {wall[], cpu[]} on stdout
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const self = fileURLToPath(import.meta.url);
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const ROUNDS = option('--rounds', 3);
const STEPS = option('--steps', 10);
const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const WORKLOAD = args.includes('--workload') ? args[args.indexOf('--workload') + 1] : 'sft';
// --workloads a,b: only these decoding workloads (ids of DECODE_WORKLOADS)
const WORKLOADS = args.includes('--workloads') ? args[args.indexOf('--workloads') + 1].split(',') : undefined;
// BENCH_BASE_DIST=<folder> (a copy of packages/trainer/dist built from an earlier commit, inside packages/trainer so
// that it resolves the same dependencies) adds that build's fused draw as a row: before/after in one interleaved run
const BASE_DIST = process.env['BENCH_BASE_DIST'];
const DECODE_CONFIGS = [
  { label: 'composed tfjs ops', env: { BLADE_FUSED_KERNELS: '0' } },
  ...(BASE_DIST
    ? [
        {
          label: `fused draw, 1 thread, build \`${BASE_DIST}\``,
          env: { BLADE_KERNEL_THREADS: '1', BENCH_TRAINER_DIST: BASE_DIST },
        },
      ]
    : []),
  ...[1, 2].map((t) => ({
    label: `fused draw, per-slot tfjs list state, ${t} thread${t > 1 ? 's' : ''}`,
    env: { BLADE_KERNEL_THREADS: String(t), BLADE_FUSED_LISTS: '0' },
  })),
  { label: 'fused draw + host list state, 1 thread', env: { BLADE_KERNEL_THREADS: '1' } },
  { label: 'fused draw + host list state, 2 threads', env: { BLADE_KERNEL_THREADS: '2' } },
];
/** The decoding workloads: [label, workload id]. */
const DECODE_WORKLOADS = [
  ['sample 32×8×10, 400 items', 'sample:400'],
  ['sample 32×8×10, 4,100 items', 'sample:4100'],
  ['greedy 300×10, 4,100 items', 'greedy:4100'],
  // bench:train's calls (its model: no count prior, random histories)
  ['bench:train sample 64×1×10', 'bench-sample1'],
  ['bench:train sample 64×8×10', 'bench-sample8'],
  ['bench:train greedy 64×10', 'bench-greedy'],
].filter(([, id]) => !WORKLOADS || WORKLOADS.includes(id));
const CONFIGS = [
  { label: 'composed tfjs ops', env: { BLADE_FUSED_KERNELS: '0' } },
  { label: 'fused vocabulary op only, 1 thread', env: { BLADE_DENSE_KERNELS: '0', BLADE_KERNEL_THREADS: '1' } },
  { label: 'all fused kernels, 1 thread', env: { BLADE_KERNEL_THREADS: '1' } },
  { label: 'fused vocabulary op only, 2 threads', env: { BLADE_DENSE_KERNELS: '0', BLADE_KERNEL_THREADS: '2' } },
  { label: 'all fused kernels, 2 threads', env: { BLADE_KERNEL_THREADS: '2' } },
  {
    label: 'all fused kernels + GEMM projections, 1 thread',
    env: { BLADE_KERNEL_THREADS: '1', BLADE_MATMUL_KERNEL: '1' },
  },
  {
    label: 'all fused kernels + GEMM projections, 2 threads',
    env: { BLADE_KERNEL_THREADS: '2', BLADE_MATMUL_KERNEL: '1' },
  },
  ...(BASE_DIST
    ? [1, 2].map((t) => ({
        label: `all fused kernels, ${t} thread${t > 1 ? 's' : ''}, build \`${BASE_DIST}\``,
        env: { BLADE_KERNEL_THREADS: String(t), BENCH_TRAINER_DIST: BASE_DIST },
      }))
    : []),
];

/** Every decoding workload in one process (`sample:V` or `greedy:V`), each timed like the SFT step. */
async function decodeChild() {
  const T = await import(join(root, 'packages/trainer', process.env['BENCH_TRAINER_DIST'] ?? 'dist', 'internal.js'));
  const D = await import(join(root, 'packages/data/dist/index.js'));
  await T.selectBackend('wasm');
  const out = {};
  for (const [, workload] of DECODE_WORKLOADS) out[workload] = await decodeWorkload(T, D, workload);
  return out;
}

async function decodeWorkload(T, D, workload) {
  if (workload.startsWith('bench-')) return benchTrainWorkload(T, D, workload);
  const [kind, items] = workload.split(':');
  const V = Number(items);
  const dataset = D.generateSynthetic({ seed: 42, items: V });
  const prior = T.CountPrior.fromExamples(V, dataset.splits.train, 1);
  const model = T.Transformer.create(
    {
      layers: 2,
      dModel: 64,
      heads: 4,
      ffnMultiplier: 4,
      context: 12,
      dropout: 0.1,
      initFromCatalog: false,
      countPrior: { smoothing: 1 },
    },
    V,
    new D.Random(1),
    undefined,
    prior,
  );
  const policy = new T.TransformerPolicy(model);
  const examples = dataset.splits.valid.slice(0, kind === 'sample' ? 32 : 300);
  const contexts = T.historiesOf(examples, 12);
  const random = new D.Random(3);
  const step =
    kind === 'sample'
      ? () => policy.sample(contexts, { n: 8, length: 10, random })
      : () => policy.decode(contexts, { length: 10 });
  return measure(step);
}

/** bench:train's sampling and greedy calls: its model (no count prior) and 64 random histories of 12 items. */
async function benchTrainWorkload(T, D, workload) {
  const V = 4100;
  const rng = new D.Random(1);
  const model = T.Transformer.create(
    { layers: 2, dModel: 64, heads: 4, ffnMultiplier: 4, context: 12, dropout: 0.1, initFromCatalog: false },
    V,
    rng,
  );
  const policy = new T.TransformerPolicy(model);
  const lists = Array.from({ length: 64 }, () => Array.from({ length: 12 }, () => rng.nextInt(V)));
  const offsets = Int32Array.from({ length: 65 }, (_, i) => i * 12);
  const contexts = { offsets, values: Int32Array.from(lists.flat()) };
  const random = new D.Random(3);
  const step =
    workload === 'bench-greedy'
      ? () => policy.decode(contexts, { length: 10 })
      : () => policy.sample(contexts, { n: workload === 'bench-sample8' ? 8 : 1, length: 10, random });
  return measure(step);
}

async function measure(step) {
  for (let i = 0; i < 3; i++) await step();
  const wall = [];
  const cpu = [];
  for (let i = 0; i < STEPS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await step();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall, cpu };
}

async function child() {
  if (WORKLOAD === 'decode') return decodeChild();
  const T = await import(join(root, 'packages/trainer', process.env['BENCH_TRAINER_DIST'] ?? 'dist', 'internal.js'));
  const { Random } = await import(join(root, 'packages/data/dist/index.js'));
  await T.selectBackend('wasm');
  const { tf } = T;
  const V = 4100;
  const C = 12;
  const B = 64;
  const model = T.Transformer.create(
    { layers: 2, dModel: 64, heads: 4, ffnMultiplier: 4, context: C, dropout: 0.1, initFromCatalog: false },
    V,
    new Random(1),
  );
  const rng = new Random(2);
  const optimizer = new T.Adam(model.params, { weightDecay: 0.01 });
  const batch = { batch: B, length: C, tokens: Int32Array.from({ length: B * C }, () => rng.nextInt(V)) };
  const positions = Array.from({ length: B * C }, (_, i) => i);
  const labels = Int32Array.from({ length: B * C }, () => rng.nextInt(V));
  const step = () =>
    T.optimizerStep({
      model,
      optimizer,
      gradClip: 1,
      learningRate: 1e-3,
      loss: () => {
        const h = T.gatherRows(model.hidden(batch, rng), tf.tensor1d(positions, 'int32'));
        return tf.neg(tf.mean(model.targetLogProbs(h, labels)));
      },
    });
  return measure(step);
}

if (args[0] === '--child') {
  process.stdout.write(JSON.stringify(await child()) + '\n');
  process.exit(0);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const started = new Date();
const loadStart = loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');
const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();
const jobs = [
  ...(ONLY === undefined || ONLY === 'sft' ? CONFIGS.map((c) => ({ ...c, table: 'sft', workload: 'sft' })) : []),
  ...(ONLY === undefined || ONLY === 'decode'
    ? DECODE_WORKLOADS.flatMap(([name, workload]) =>
        DECODE_CONFIGS.map((c) => ({ ...c, table: 'decode', workload, name })),
      )
    : []),
];
const results = jobs.map(() => ({ wall: [], cpu: [] }));
// one process per SFT configuration, one per decoding configuration (running every decoding workload)
const processes = [
  ...jobs.flatMap((job, i) =>
    job.table === 'sft' ? [{ label: job.label, env: job.env, workload: 'sft', take: [i] }] : [],
  ),
  ...DECODE_CONFIGS.map((c) => ({
    label: c.label,
    env: c.env,
    workload: 'decode',
    take: jobs.map((j, i) => (j.table === 'decode' && j.label === c.label ? i : -1)).filter((i) => i >= 0),
  })).filter((p) => p.take.length > 0),
];
for (let round = 0; round < ROUNDS; round++) {
  for (const proc of processes) {
    const r = spawnSync(
      process.execPath,
      [
        self,
        '--child',
        '--steps',
        String(STEPS),
        '--workload',
        proc.workload,
        ...(WORKLOADS ? ['--workloads', WORKLOADS.join(',')] : []),
      ],
      { cwd: root, encoding: 'utf8', env: { ...process.env, ...proc.env } },
    );
    if (r.status !== 0) {
      throw new Error(`${proc.label}: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}`);
    }
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1));
    for (const i of proc.take) {
      const got = proc.workload === 'sft' ? out : out[jobs[i].workload];
      results[i].wall.push(...got.wall);
      results[i].cpu.push(...got.cpu);
      console.log(
        `round ${round + 1}, ${jobs[i].name ?? 'SFT step'}, ${jobs[i].label}: wall ` +
          `${median(got.wall).toFixed(0)} ms, cpu ${median(got.cpu).toFixed(0)} ms`,
      );
    }
  }
}
const loadEnd = loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');
const f = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const header = (title, command) => [
  `# ${title}`,
  '',
  `Command: \`pnpm bench:train-ab\` (\`node bench/train-ab.mjs --rounds ${ROUNDS} --steps ${STEPS}${command}\` after a`,
  `build). Run ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC on commit \`${git}\`, ` +
    `${cpus()[0]?.model.trim() ?? 'CPU'}, ${cpus().length} cores, Node ${process.version}.`,
  '',
];
const loadNote = [
  `**Load average at the start: ${loadStart}; at the end: ${loadEnd}** (${cpus().length} cores). Outside load inflates`,
  'wall times most, 2-thread wall times above all (a thread waits for a descheduled partner); CPU times less (cache',
  'and memory sharing only). On a quiet machine rerun it before quoting absolute numbers.',
  '',
];
const row = (label, i, base) =>
  `| ${label} | ${f(median(results[i].cpu))} | ` +
  `${(median(results[i].cpu) / base).toFixed(2)}× | ${f(median(results[i].wall))} | ` +
  `${f(Math.min(...results[i].wall))} |`;
if (jobs.some((j) => j.table === 'sft')) {
  const idx = jobs.map((j, i) => (j.table === 'sft' ? i : -1)).filter((i) => i >= 0);
  const base = median(results[idx[0]].cpu);
  const L = [
    ...header('Kernel attribution: one SFT step per kernel configuration, interleaved', ' --only sft'),
    'The model, batch and step of `bench:train` (2 layers, d = 64, 4 heads, 4,100 items, batch 64 × context 12,',
    'forward, backward, clip, AdamW), wasm backend. Each configuration runs in its own process; the processes are',
    `interleaved round by round (${ROUNDS} rounds × ${STEPS} steps after 3 warm-up steps), so that a change of`,
    'outside load hits every configuration alike. CPU = `process.cpuUsage()` of the step (all threads of the',
    "process), the work done; wall = the step's elapsed time. Medians over all steps of all rounds.",
    '',
    ...loadNote,
    '| configuration | CPU ms per step | CPU vs composed | wall ms per step (median) | wall ms (min) |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...idx.map((i) => row(jobs[i].label, i, base)),
    '',
    '"Fused vocabulary op only" = `BLADE_DENSE_KERNELS=0`: the vocabulary op fused, layer norm, GELU, attention, the',
    'gathers and AdamW composed of tfjs ops; "composed tfjs ops" = `BLADE_FUSED_KERNELS=0`; thread count =',
    '`BLADE_KERNEL_THREADS` (the dense kernels always run on the calling thread); "+ GEMM projections" =',
    "`BLADE_MATMUL_KERNEL=1`: the attention and feed-forward projections on the kernel pool's GEMM, rows split over",
    "the threads (the same bits as tfjs-wasm's `matMul`)." +
      (BASE_DIST ? ` "build \`${BASE_DIST}\`" = a copy of an earlier build of \`packages/trainer/dist\`.` : ''),
    '',
  ];
  writeFileSync(join(root, 'bench/results/train-ab.md'), L.join('\n'));
  console.log('wrote bench/results/train-ab.md');
}
if (jobs.some((j) => j.table === 'decode')) {
  const L = [
    ...header(
      'Decoding per kernel configuration, interleaved: the sampling and greedy calls of an alignment run',
      ` --only decode${WORKLOADS ? ` --workloads ${WORKLOADS.join(',')}` : ''}`,
    ),
    "The study's decoding calls: `TransformerPolicy.sample` of 32 contexts × 8 lists × 10 items (one training",
    "step's rollouts) and greedy `decode` of 300 contexts × 10 items (one evaluation's greedy lists), from the",
    "synthetic recipe's model (2 layers, d = 64, 4 heads, context 12, count prior; random weights) over synthetic",
    "catalogs of 400 and 4,100 items; and `bench:train`'s calls (its model without a count prior, 64 random",
    'histories: 64 × 1 and 64 × 8 lists of 10, greedy 64 × 10). wasm backend. One process per configuration runs',
    'every call; the processes are',
    `interleaved round by round as for the SFT step (${ROUNDS} rounds × ${STEPS} calls after 3 warm-up calls); CPU =`,
    '`process.cpuUsage()` of the call (all threads).',
    '',
    ...loadNote,
    '| call | configuration | CPU ms per call | CPU vs composed | wall ms per call (median) | wall ms (min) |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
  ];
  for (const [name] of DECODE_WORKLOADS) {
    const idx = jobs.map((j, i) => (j.name === name ? i : -1)).filter((i) => i >= 0);
    const base = median(results[idx[0]].cpu);
    for (const i of idx) L.push(row(`${name} | ${jobs[i].label}`, i, base));
  }
  L.push(
    '',
    '"composed tfjs ops" = `BLADE_FUSED_KERNELS=0` (logits, mask, softmax on tfjs, the draw in JS); "fused',
    'draw" = the vocabulary kernel\'s draw (`docs/performance.md`), `BLADE_KERNEL_THREADS` threads; "per-slot tfjs',
    'list state" = `BLADE_FUSED_LISTS=0` (the list head\'s queries updated by tfjs ops and downloaded at every slot);',
    '"host list state" = the default (the queries kept on the host between slots, updated on the GEMM; the same',
    'bits).',
    '',
  );
  writeFileSync(join(root, 'bench/results/decode-ab.md'), L.join('\n'));
  console.log('wrote bench/results/decode-ab.md');
}
