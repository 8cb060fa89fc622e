// `pnpm bench:align-profile`: where the CPU time of an alignment run goes, per training step and per
// evaluation pass, measured inside the real AlignmentTrainer (the study's sizes: 32 contexts × N = 8
// sampled lists of 10 items, the reference's log-probs, the loss, k2 KL, evaluation on 300 users × 4
// sampled lists + greedy + the ceiling ratio). The model of the synthetic recipe (2 layers, d = 64,
// 4 heads, context 12, count prior) with random weights over a synthetic catalog of `--items` items (400 = the
// synthetic set; ~4,100 = Goodreads / Video Games).
//
// Method: the trainer's entry points are wrapped (policy sampling, greedy decoding, the reference's
// log-probs, the context encoder, the fused vocabulary kernels, the gradient tape's forward and
// backward, the AdamW update, the objective, the evaluator) and each call is charged
// its process CPU time (`process.cpuUsage`, all threads) exclusive of the wrapped calls inside it;
// what no wrapper claims is the phase's remainder (clipping, loss terms, the estimators and targets, logging;
// in setup also this script's own data generation and model creation). The phase (setup / step / eval)
// follows the trainer's callbacks. CPU time, not wall time, so that a
// loaded machine still gives the split (the totals are inflated by cache sharing only).
// `--init model.bct` profiles a trained model instead (its catalog size must be `--items`): a trained, peaked
// policy repeats list prefixes, which the fused draw computes once (IdenticalRows).
//   node bench/align-profile.mjs [--items 400] [--steps 20] [--eval-every 10] [--algorithm blade] [--init F]
//                                [--json F]           one profile: prints it; --json writes the numbers to F
//   node bench/align-profile.mjs --all [--steps N]     (`pnpm bench:align-profile`) both vocabularies, then the
//       kernel-thread question: two runs at once (the study's --jobs 2), both with BLADE_KERNEL_THREADS=1 or
//       both with 2, alternated over two rounds; writes bench/results/align-profile.md
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const ITEMS = Number(option('--items', 400));
const STEPS = Number(option('--steps', 20));
const EVAL_EVERY = Number(option('--eval-every', 10));
const ALGORITHM = option('--algorithm', 'blade');
const JSON_OUT = option('--json', undefined);
const INIT = option('--init', undefined);
// --light: a small ceiling reference (8 rollouts on 32 users) for runs that time the training steps only
const LIGHT = args.includes('--light');
if (args.includes('--all')) {
  await all();
  process.exit(0);
}

const T = await import(join(root, 'packages/trainer/dist/internal.js'));
const D = await import(join(root, 'packages/data/dist/index.js'));
const core = await import(join(root, 'packages/core/dist/index.js'));
const plugin = async (p) => (await import(join(root, p))).default;
const plugins = [
  await plugin('plugins/reward-ndcg/dist/index.js'),
  await plugin('plugins/reward-recall/dist/index.js'),
  await plugin('plugins/reward-diversity/dist/index.js'),
  await plugin('packages/estimators/dist/index.js'),
];
await T.selectBackend('wasm');

// ---- CPU accounting: a stack of open calls, each charged its CPU time minus its wrapped children's
const cpuNow = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
let phase = 'setup';
const stack = [];
const exclusive = new Map(); // `${phase}|${path}` → ms
const calls = new Map();
const charge = (key, ms) => exclusive.set(key, (exclusive.get(key) ?? 0) + ms);
const phaseStart = { at: cpuNow(), phase: 'setup' };
const phaseTotal = new Map();
const setPhase = (next) => {
  const now = cpuNow();
  phaseTotal.set(phaseStart.phase, (phaseTotal.get(phaseStart.phase) ?? 0) + now - phaseStart.at);
  phaseStart.at = now;
  phaseStart.phase = next;
  phase = next;
};
function enter(label) {
  const path = [...stack.map((f) => f.label), label].join(' > ');
  const frame = { label, path, phase, start: cpuNow(), children: 0 };
  stack.push(frame);
  return frame;
}
function leave(frame) {
  const spent = cpuNow() - frame.start;
  const i = stack.lastIndexOf(frame);
  if (i >= 0) stack.splice(i, 1);
  const parent = stack[i - 1];
  if (parent) parent.children += spent;
  charge(`${frame.phase}|${frame.path}`, spent - frame.children);
  calls.set(`${frame.phase}|${frame.path}`, (calls.get(`${frame.phase}|${frame.path}`) ?? 0) + 1);
}
function wrap(owner, name, label) {
  const original = owner[name];
  owner[name] = function (...a) {
    const frame = enter(label);
    let out;
    try {
      out = original.apply(this, a);
    } catch (error) {
      leave(frame);
      throw error;
    }
    if (out && typeof out.then === 'function') return out.finally(() => leave(frame));
    leave(frame);
    return out;
  };
}
wrap(T.TransformerPolicy.prototype, 'sample', 'sample lists');
wrap(T.TransformerPolicy.prototype, 'decode', 'greedy decode');
wrap(T.TransformerPolicy.prototype, 'tokenLogProbs', 'reference log-probs');
wrap(T.TransformerPolicy.prototype, 'encode', 'encode contexts');
wrap(T.Transformer.prototype, 'outputWeights', 'output weights to host');
wrap(T.VocabKernel.prototype, 'draw', 'fused draw kernel');
wrap(T.VocabKernel.prototype, 'forward', 'fused vocab forward');
wrap(T.VocabKernel.prototype, 'backward', 'fused vocab backward');
wrap(T.Adam.prototype, 'apply', 'AdamW update');
const engine = T.tf.engine();
const gradients = engine.gradients;
engine.gradients = function (f, xs, dy, allowNoGradients) {
  const frame = enter('backward (tape)');
  try {
    return gradients.call(
      this,
      () => {
        const inner = enter('forward (loss)');
        try {
          return f();
        } finally {
          leave(inner);
        }
      },
      xs,
      dy,
      allowNoGradients,
    );
  } finally {
    leave(frame);
  }
};

// ---- the run
const container = core.createBladeContainer({ plugins });
const evaluator = container.get(core.Evaluator);
const objectives = container.get(core.ObjectiveFactory);
const components = container.get(core.AlignmentComponents);
wrap(evaluator, 'evaluate', 'metrics (evaluator)');
const objective = objectives.create({ terms: ['ndcg@10'] });
wrap(objective, 'scoreTerms', 'rewards (objective)');

const dataset = D.generateSynthetic({ seed: 42, items: ITEMS });
const parts = D.splitExamples(dataset.splits.train, { fractions: [0.7, 0.3, 0] }, 17);
const data = { dataset, sftTrain: parts.train, align: parts.valid };
const modelConfig = {
  layers: 2,
  dModel: 64,
  heads: 4,
  ffnMultiplier: 4,
  context: 12,
  dropout: 0.1,
  initFromCatalog: false,
  countPrior: { smoothing: 1 },
};
const prior = T.CountPrior.fromExamples(dataset.catalog.size, parts.train, 1);
const init = INIT
  ? T.loadModel(INIT).model
  : T.Transformer.create(modelConfig, dataset.catalog.size, new D.Random(1), undefined, prior);
if (init.numItems !== dataset.catalog.size) throw new Error(`--init has ${init.numItems} items, --items ${ITEMS}`);
const config = T.createAlignConfig(ALGORITHM, {
  steps: STEPS,
  contextsPerStep: 32,
  groupSize: 8,
  listLength: 10,
  learningRate: 0.002,
  kl: { form: 'k2', to: 'reference', coef: 0.1 },
  evalEvery: EVAL_EVERY,
  evalExamples: 300,
  evalSamples: 4,
  checkpointEvery: 1000,
  keepBest: true,
  metrics: ['ndcg@10', 'recall@10', 'ild@10'],
  referenceRollouts: 4,
  ...(LIGHT ? { ceilingRollouts: 8, evalExamples: 32 } : {}),
});
let evals = 0;
const stepWall = [];
const callbacks = [
  {
    onTrainBegin: () => setPhase('eval'),
    onLog: (r) => {
      if ('time/step_ms' in r) stepWall.push(r['time/step_ms']);
      if (!('eval/sampled/ndcg@10' in r)) return;
      evals++;
      setPhase(r.step === STEPS ? 'final' : 'step');
    },
    onStepEnd: (step) => setPhase(step % EVAL_EVERY === 0 || step === STEPS ? 'eval' : 'step'),
  },
];
const wall0 = performance.now();
await new T.AlignmentTrainer({ config, objective, data, init, evaluator, components, callbacks }).train();
setPhase('end');
const wall = performance.now() - wall0;
await T.shutdownKernels();

const per = { setup: 1, step: STEPS, eval: evals };
const result = {
  items: ITEMS,
  steps: STEPS,
  evals,
  algorithm: ALGORITHM,
  threads: T.defaultKernelThreads(),
  fused: T.usesFusedKernels(),
  wallMs: wall,
  stepWallMs: stepWall,
  phases: {},
};
for (const p of ['setup', 'step', 'eval']) {
  const total = (phaseTotal.get(p) ?? 0) / per[p];
  const rows = [...exclusive]
    .filter(([k]) => k.startsWith(`${p}|`))
    .map(([k, ms]) => ({ path: k.slice(p.length + 1), ms: ms / per[p], calls: calls.get(k) / per[p] }));
  const claimed = rows.reduce((s, r) => s + r.ms, 0);
  rows.push({ path: '(unwrapped: clip, loss terms, targets glue, logging …)', ms: total - claimed, calls: 0 });
  rows.sort((a, b) => b.ms - a.ms);
  result.phases[p] = { total, rows };
}
for (const [p, { total, rows }] of Object.entries(result.phases)) {
  console.log(`\n${p}: ${total.toFixed(1)} CPU ms per ${p === 'step' ? 'step' : p === 'eval' ? 'evaluation' : 'run'}`);
  for (const r of rows) if (Math.abs(r.ms) >= 0.1) console.log(`  ${r.ms.toFixed(1).padStart(9)}  ${r.path}`);
}
if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify(result, null, 1));

/** Runs this script in child processes (`envs`: one process per entry, all at once); their JSON results. */
async function children(extra, envs) {
  const runs = envs.map(
    (env, i) =>
      new Promise((done, fail) => {
        const out = join(tmpdir(), `align-profile-${process.pid}-${i}-${Date.now()}.json`);
        const child = spawn(process.execPath, [fileURLToPath(import.meta.url), ...extra, '--json', out], {
          cwd: root,
          env: { ...process.env, ...env },
          stdio: ['ignore', 'ignore', 'inherit'],
        });
        child.on('exit', (code) =>
          code === 0 ? done(JSON.parse(readFileSync(out, 'utf8'))) : fail(new Error(`exit ${code}`)),
        );
      }),
  );
  return Promise.all(runs);
}

async function all() {
  const steps = String(STEPS);
  const started = new Date();
  const load0 = loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  const profiles = [];
  for (const items of ['400', '4100']) {
    const [r] = await children(['--items', items, '--steps', steps, '--eval-every', String(EVAL_EVERY)], [{}]);
    profiles.push(r);
    console.log(`profiled ${items} items`);
  }
  const threads = { 1: [], 2: [] };
  for (let round = 0; round < 2; round++) {
    for (const t of [1, 2]) {
      const env = { BLADE_KERNEL_THREADS: String(t) };
      const rs = await children(['--items', '400', '--steps', '8', '--eval-every', '1000', '--light'], [env, env]);
      threads[t].push(...rs);
      console.log(`round ${round + 1}, 2 processes × ${t} kernel threads`);
    }
  }
  const load1 = loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  const git = (await import('node:child_process'))
    .spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' })
    .stdout.trim();
  const f = (x) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(1));
  const median = (xs) => {
    const v = [...xs].sort((a, b) => a - b);
    return v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  };
  const L = [
    '# Where an alignment run spends its CPU time (per step, per evaluation), and kernel threads per process',
    '',
    'Command: `pnpm bench:align-profile` (`node bench/align-profile.mjs --all --steps ' +
      `${STEPS} --eval-every ${EVAL_EVERY}\``,
    `after a build). Run ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC on commit \`${git}\`, ` +
      `${cpus()[0]?.model.trim() ?? 'CPU'}, ${cpus().length} cores, Node ${process.version}.`,
    '',
    `**Loaded machine: load average ${load0} at the start, ${load1} at the end** (${cpus().length} cores). The CPU`,
    'split is what the numbers are for; absolute times are inflated by the sharing of caches and cores.',
    '',
    "The real `AlignmentTrainer` (`blade` preset, the study's lean sizes: 32 contexts × N = 8 lists of 10 items,",
    'k2 KL',
    'to the reference, lr 2e-3; evaluation on 300 validation users × 4 sampled lists + greedy lists + the ceiling',
    "ratio) on the synthetic recipe's model (2 layers, d = 64, 4 heads, context 12, count prior; random weights)",
    'over a synthetic catalog of 400 and of 4,100 items, wasm backend, the default kernel threads. Each wrapped call',
    'is charged its process CPU time exclusive of the wrapped calls inside it (`A > B` = B called inside A).',
    '',
  ];
  for (const p of profiles) {
    L.push(`## ${p.items} items (${p.steps} steps, ${p.evals} evaluations, ${p.threads} kernel threads)`, '');
    const units = [
      ['step', 'per training step'],
      ['eval', 'per evaluation'],
      ['setup', 'once per run'],
    ];
    for (const [phase, unit] of units) {
      const { total, rows } = p.phases[phase];
      L.push(
        `**${phase}: ${f(total)} CPU ms ${unit}**`,
        '',
        '| CPU ms | share | calls | what |',
        '| ---: | ---: | ---: | --- |',
      );
      for (const r of rows) {
        if (Math.abs(r.ms) < (0.05 * total) / 10) continue;
        L.push(`| ${f(r.ms)} | ${((100 * r.ms) / total).toFixed(1)}% | ${r.calls ? f(r.calls) : ''} | ${r.path} |`);
      }
      L.push('');
    }
  }
  L.push(
    '## Kernel threads per process when two runs share the two cores',
    '',
    'Two alignment runs at once (400 items, 8 steps, no evaluation), as the study runs `--jobs 2`, both with',
    '`BLADE_KERNEL_THREADS=1` or both with `2` (the default here: `availableParallelism()`), alternated over two',
    "rounds. Wall = the trainer's `time/step_ms` (median over the steps of both processes, first step dropped);",
    "CPU = the step phase's CPU time per step.",
    '',
    '| kernel threads per process | wall ms per step (median) | CPU ms per step (mean of runs) | runs |',
    '| ---: | ---: | ---: | ---: |',
  );
  for (const t of [1, 2]) {
    const walls = threads[t].flatMap((r) => r.stepWallMs.slice(1));
    const cpu = threads[t].reduce((s, r) => s + r.phases.step.total, 0) / threads[t].length;
    L.push(`| ${t} | ${f(median(walls))} | ${f(cpu)} | ${threads[t].length} |`);
  }
  L.push('');
  writeFileSync(join(root, 'bench/results/align-profile.md'), L.join('\n'));
  console.log('wrote bench/results/align-profile.md');
}
