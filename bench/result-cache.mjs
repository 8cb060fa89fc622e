// `pnpm bench:result-cache`: what the result cache (`--cache <dir>` / BLADE_CACHE_DIR, docs/training.md) saves
// on one alignment run: the same `blade train blade` run without the cache, cold (empty cache) and warm (filled),
// each in a fresh process, timed by wall clock and by its process CPU time (process.cpuUsage, all threads), and
// the three run folders checked for identical metrics (less time/* and cache/*), model.bct, summary.json and
// test-scores.json. The synthetic set with the synthetic recipe's model (2 layers, d = 64, count prior) after a
// short SFT (--sft-steps), aligned at the lean study profile's sizes (32 contexts × N = 8 lists of 10 items,
// M = 32 reference rollouts per alignment context, evaluation on 300 users × 4 lists, keepBest) for --steps
// steps: the cached computations do not depend on the number of steps, so the saving per run is the same
// at the study's 100 steps. Writes bench/results/result-cache.md.
//   node bench/result-cache.mjs [--steps 10] [--sft-steps 100]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);

if (args[0] === '--child') {
  // one blade command in this process, then its CPU and wall time as the last stderr line
  const { runBlade } = await import(join(root, 'packages/cli/dist/index.js'));
  const t0 = performance.now();
  const code = await runBlade(args.slice(1));
  const { user, system } = process.cpuUsage();
  process.stderr.write(
    `\nTIMING ${JSON.stringify({ code, wallS: (performance.now() - t0) / 1000, cpuS: (user + system) / 1e6 })}\n`,
  );
  process.exit(code);
}

const STEPS = Number(option('--steps', 10));
const SFT_STEPS = Number(option('--sft-steps', 100));
const dir = mkdtempSync(join(tmpdir(), 'bench-result-cache-'));
const config = {
  data: { format: 'synthetic', alignHoldout: 0.3 },
  model: { layers: 2, dModel: 64, heads: 4, context: 12, dropout: 0.1, countPrior: { smoothing: 1 } },
  sft: { epochs: 1, steps: SFT_STEPS, learningRate: 0.0003, evalEvery: 1000, evalExamples: 100 },
  objective: { terms: ['ndcg@10'] },
  align: {
    steps: STEPS,
    contextsPerStep: 32,
    groupSize: 8,
    listLength: 10,
    learningRate: 0.002,
    kl: { form: 'k2', to: 'reference' },
    evalEvery: 20,
    evalExamples: 300,
    evalSamples: 4,
    checkpointEvery: 20,
    keepBest: true,
  },
};
writeFileSync(join(dir, 'run.json'), JSON.stringify(config, null, 2));

function blade(argv, env = {}) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', ...argv], {
    cwd: dir,
    env: { ...process.env, CI: 'true', ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const line = r.stderr.trim().split('\n').at(-1);
  if (r.status !== 0 || !line.startsWith('TIMING ')) throw new Error(`blade ${argv.join(' ')} failed:\n${r.stderr}`);
  return { ...JSON.parse(line.slice(7)), log: r.stderr };
}

const load = [loadavg()[0]];
blade(['train', 'sft', '--config', 'run.json', '--out', 'sft']);
const align = (out, cache) =>
  blade([
    'train',
    'blade',
    '--config',
    'run.json',
    '--init',
    'sft/model.bct',
    '--out',
    out,
    ...(cache ? ['--cache', 'cache'] : []),
  ]);
const runs = { 'no cache': align('plain', false), cold: align('cold', true), warm: align('warm', true) };
load.push(loadavg()[0]);

const files = (out) => {
  const read = (f) => readFileSync(join(dir, out, f));
  const metrics = read('metrics.jsonl')
    .toString()
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .map((r) =>
      Object.fromEntries(Object.entries(r).filter(([k]) => !k.startsWith('time/') && !k.startsWith('cache/'))),
    );
  return (
    JSON.stringify(metrics) +
    read('summary.json').toString() +
    read('test-scores.json').toString() +
    read('model.bct').toString('base64')
  );
};
const identical = files('cold') === files('plain') && files('warm') === files('plain');
const hits = runs.warm.log.match(/cache: \d+ hit\(s\), \d+ miss\(es\)/)?.[0] ?? '(no cache line)';

const rows = Object.entries(runs).map(([name, r]) => `| ${name} | ${r.wallS.toFixed(1)} | ${r.cpuS.toFixed(1)} |`);
const saved = runs['no cache'].cpuS - runs.warm.cpuS;
const text = `# Result cache: one alignment run without it, cold and warm

\`node bench/result-cache.mjs --steps ${STEPS} --sft-steps ${SFT_STEPS}\` (${new Date().toISOString().slice(0, 10)}): \`blade train blade\` on the
synthetic set (synthetic recipe's model, ${SFT_STEPS} SFT steps), the lean study profile's sizes (32 contexts × N = 8 lists
of 10, M = 32 reference rollouts per alignment context, 300 validation users × 4 lists, keepBest), ${STEPS} steps; each run
a fresh process. **Loaded machine**: ${cpus().length} cores shared with the study's runs and another helper (1-minute load
average ${load.map((l) => l.toFixed(1)).join(' → ')}); CPU time is the process's own (all threads), wall time is inflated by the load.

| run | wall s | CPU s |
|---|---:|---:|
${rows.join('\n')}

Warm run: ${hits}. CPU saved per run by a warm cache: ${saved.toFixed(1)} s (${((100 * saved) / runs['no cache'].cpuS).toFixed(0)} % of this
${STEPS}-step run; the saving does not depend on the number of steps). Cold costs ${(runs.cold.cpuS - runs['no cache'].cpuS).toFixed(1)} s CPU over no cache
(hashing the inputs and code, writing the entries).
Outputs identical across the three runs (metrics.jsonl less time/* and cache/*, model.bct, summary.json,
test-scores.json): **${identical ? 'yes' : 'NO'}**.
`;
writeFileSync(join(root, 'bench/results/result-cache.md'), text);
process.stdout.write(text);
if (!identical) process.exitCode = 1;
