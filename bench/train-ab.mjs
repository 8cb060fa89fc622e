// `pnpm bench:train-ab`: which kernels buy what, measured so that a shared, loaded machine still gives an
// answer. One SFT optimizer step (the model and batch of bench/train.mjs) for each kernel configuration —
// composed tfjs ops, the fused vocabulary op alone, every fused kernel — each configuration in its own
// process, the processes interleaved round by round (so that a change of outside load hits every
// configuration alike), and both the wall time and the CPU time of the step (process.cpuUsage: the work
// done, which outside load inflates far less than it inflates wall time) reported as medians over all rounds.
// Writes bench/results/train-ab.md.
//   node bench/train-ab.mjs [--rounds N] [--steps N]     (the root script builds first)
//   node bench/train-ab.mjs --child                      one process: JSON {wall[], cpu[]} on stdout
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
const CONFIGS = [
  { label: 'composed tfjs ops', env: { BLADE_FUSED_KERNELS: '0' } },
  { label: 'fused vocabulary op only, 1 thread', env: { BLADE_DENSE_KERNELS: '0', BLADE_KERNEL_THREADS: '1' } },
  { label: 'all fused kernels, 1 thread', env: { BLADE_KERNEL_THREADS: '1' } },
  { label: 'fused vocabulary op only, 2 threads', env: { BLADE_DENSE_KERNELS: '0', BLADE_KERNEL_THREADS: '2' } },
  { label: 'all fused kernels, 2 threads', env: { BLADE_KERNEL_THREADS: '2' } },
];

async function child() {
  const T = await import(join(root, 'packages/trainer/dist/index.js'));
  const { Random } = await import(join(root, 'packages/data/dist/index.js'));
  await T.selectBackend('wasm');
  const { tf } = T;
  const V = 4100;
  const C = 12;
  const B = 64;
  const model = T.Transformer.create({ layers: 2, dModel: 64, heads: 4, ffnMultiplier: 4, context: C, dropout: 0.1,
    initFromCatalog: false }, V, new Random(1));
  const rng = new Random(2);
  const optimizer = new T.Adam(model.params, { weightDecay: 0.01 });
  const batch = { batch: B, length: C, tokens: Int32Array.from({ length: B * C }, () => rng.nextInt(V)) };
  const positions = Array.from({ length: B * C }, (_, i) => i);
  const labels = Int32Array.from({ length: B * C }, () => rng.nextInt(V));
  const step = () => T.optimizerStep({ model, optimizer, gradClip: 1, learningRate: 1e-3, loss: () => {
    const h = T.gatherRows(model.hidden(batch, rng), tf.tensor1d(positions, 'int32'));
    return tf.neg(tf.mean(model.targetLogProbs(h, labels)));
  } });
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

if (args[0] === '--child') {
  process.stdout.write(JSON.stringify(await child()) + '\n');
  process.exit(0);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const started = new Date();
const loadStart = loadavg().map((x) => x.toFixed(2)).join(' ');
const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();
const results = CONFIGS.map(() => ({ wall: [], cpu: [] }));
for (let round = 0; round < ROUNDS; round++) {
  CONFIGS.forEach((config, i) => {
    const r = spawnSync(process.execPath, [self, '--child', '--steps', String(STEPS)], { cwd: root, encoding: 'utf8',
      env: { ...process.env, ...config.env } });
    if (r.status !== 0) throw new Error(`${config.label}: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}`);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1));
    results[i].wall.push(...out.wall);
    results[i].cpu.push(...out.cpu);
    console.log(`round ${round + 1}, ${config.label}: wall ${median(out.wall).toFixed(0)} ms, cpu ${median(out.cpu).toFixed(0)} ms`);
  });
}
const loadEnd = loadavg().map((x) => x.toFixed(2)).join(' ');
const base = median(results[0].cpu);
const f = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const L = [
  '# Kernel attribution: one SFT step per kernel configuration, interleaved',
  '',
  `Command: \`pnpm bench:train-ab\` (\`node bench/train-ab.mjs --rounds ${ROUNDS} --steps ${STEPS}\` after a build). Run`,
  `${started.toISOString().slice(0, 16).replace('T', ' ')} UTC on commit \`${git}\`, ${cpus()[0]?.model.trim() ?? 'CPU'}, ${cpus().length} cores, Node ${process.version}.`,
  '',
  'The model, batch and step of `bench:train` (2 layers, d = 64, 4 heads, 4,100 items, batch 64 × context 12, forward,',
  'backward, clip, AdamW), wasm backend. Each configuration runs in its own process; the processes are interleaved',
  `round by round (${ROUNDS} rounds × ${STEPS} steps after 3 warm-up steps), so that a change of outside load hits every`,
  'configuration alike. CPU = `process.cpuUsage()` of the step (all threads of the process), the work done; wall = the',
  'step\'s elapsed time. Medians over all steps of all rounds.',
  '',
  `**Load average at the start: ${loadStart}; at the end: ${loadEnd}** (2 cores). Outside load inflates wall times`,
  'most, 2-thread wall times above all (a thread waits for a descheduled partner); CPU times less (cache and memory',
  'sharing only). On a quiet machine rerun it before quoting absolute numbers.',
  '',
  '| configuration | CPU ms per step | CPU vs composed | wall ms per step (median) | wall ms (min) |',
  '| --- | ---: | ---: | ---: | ---: |',
  ...CONFIGS.map((c, i) => `| ${c.label} | ${f(median(results[i].cpu))} | ${(median(results[i].cpu) / base).toFixed(2)}× | ${f(median(results[i].wall))} | ${f(Math.min(...results[i].wall))} |`),
  '',
  '"Fused vocabulary op only" = `BLADE_DENSE_KERNELS=0`: the vocabulary op fused, layer norm, GELU, attention, the',
  'gathers and AdamW composed of tfjs ops; "composed tfjs ops" = `BLADE_FUSED_KERNELS=0`; thread count =',
  '`BLADE_KERNEL_THREADS` (the dense kernels always run on the calling thread).',
  '',
];
writeFileSync(join(root, 'bench/results/train-ab.md'), L.join('\n'));
console.log('wrote bench/results/train-ab.md');
