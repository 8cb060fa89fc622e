// `pnpm bench:cli`: start-up of the `blade` binary against a bare `node -e ''` (median wall time of
// REPEATS runs each, interleaved so that load changes hit every command alike), and the install
// sizes of an eval-only install (`npm install @bladerec/cli <plugin>`) and a full one (plus
// `@bladerec/trainer`), measured by the registry round-trip test (tests/registry), which installs
// the packed packages from a local Verdaccio into a folder outside the workspace.
// Writes bench/results/cli.md. Needs `pnpm build` (the script runs it). `--no-install` skips sizes.
// `--baseline` stores this run's start-up ratios in bench/results/cli-baseline.json instead (run it on
// the commit to compare against); a normal run reports its ratios next to the stored baseline's.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// the published binary (package.json "bin"), as `npm install @bladerec/cli` runs it
const cliDir = join(root, 'packages/cli');
const blade = join(cliDir, JSON.parse(readFileSync(join(cliDir, 'package.json'), 'utf8')).bin.blade);
const baselineFile = join(root, 'bench/results/cli-baseline.json');
const storeBaseline = process.argv.includes('--baseline');
const REPEATS = 9;
const USERS = 300;
const ITEMS = 1000;

// 300 users' top-20 lists and judgments over a 1000-item catalog (seeded LCG, so every run scores the same input)
const work = mkdtempSync(join(tmpdir(), 'bench-cli-'));
let seed = 12345;
const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % ITEMS;
const lists = [];
const truth = [];
for (let u = 0; u < USERS; u++) {
  lists.push(JSON.stringify({ user: `u${u}`, items: Array.from({ length: 20 }, () => `i${next()}`) }));
  truth.push(
    JSON.stringify({
      user: `u${u}`,
      relevant: Array.from({ length: 5 }, () => `i${next()}`),
      history: Array.from({ length: 10 }, () => `i${next()}`),
    }),
  );
}
writeFileSync(join(work, 'lists.jsonl'), lists.join('\n') + '\n');
writeFileSync(join(work, 'truth.jsonl'), truth.join('\n') + '\n');
writeFileSync(
  join(work, 'catalog.json'),
  JSON.stringify({ items: Array.from({ length: ITEMS }, (_, i) => ({ id: `i${i}`, popularity: (i * 7919) % 97 })) }),
);

const commands = [
  { name: "bare `node -e ''`", args: ['-e', ''] },
  { name: '`blade --version`', args: [blade, '--version'] },
  {
    name: `\`blade eval\` (${USERS} users, ndcg@10 and recall@10)`,
    args: [
      blade,
      'eval',
      '--lists',
      'lists.jsonl',
      '--truth',
      'truth.jsonl',
      '--catalog',
      'catalog.json',
      '--metric',
      'ndcg@10',
      '--metric',
      'recall@10',
      '--json',
    ],
  },
  { name: '`blade plugins list`', args: [blade, 'plugins', 'list'] },
];
const times = commands.map(() => []);
const loadBefore = loadavg()[0];
for (let r = 0; r < REPEATS; r++) {
  commands.forEach((command, i) => {
    const t0 = performance.now();
    execFileSync(process.execPath, command.args, { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    times[i].push(performance.now() - t0);
  });
}
const loadAfter = loadavg()[0];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bare = median(times[0]);

const ratios = times.map((t) => median(t) / bare);
if (storeBaseline) {
  const record = {
    date: new Date().toISOString(),
    commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim(),
    bin: blade.slice(root.length + 1),
    load: [loadBefore, loadAfter],
    commands: commands.map((c, i) => ({ name: c.name, medianMs: median(times[i]), ratio: ratios[i] })),
  };
  writeFileSync(baselineFile, JSON.stringify(record, null, 2) + '\n');
  rmSync(work, { recursive: true, force: true });
  console.log(JSON.stringify(record, null, 2));
  process.exit(0);
}
const baseline = existsSync(baselineFile) ? JSON.parse(readFileSync(baselineFile, 'utf8')) : undefined;

let sizes;
if (!process.argv.includes('--no-install')) {
  const out = join(work, 'sizes.json');
  // the round-trip test writes the measured sizes here (and checks everything else on the way)
  execFileSync('pnpm', ['vitest', 'run', 'tests/registry/publish-install.test.ts'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, BLADE_INSTALL_SIZES: out },
  });
  if (existsSync(out)) sizes = JSON.parse(readFileSync(out, 'utf8'));
}
rmSync(work, { recursive: true, force: true });

const ms = (x) => `${x.toFixed(0)} ms`;
const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
const lines = [
  '# CLI start-up and install size',
  '',
  `Measured by \`pnpm bench:cli\` (bench/cli.mjs) on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} cores.`,
  `**Loaded machine**: other work ran at the same time (1-minute load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after),`,
  'so absolute times are inflated; the ratios to a bare `node` started in the same rounds are the comparable numbers.',
  '',
  `## Start-up (median of ${REPEATS} runs, interleaved)`,
  '',
  `| command | median | × bare node | before: × bare node${baseline ? ` (${baseline.commit})` : ''} | target |`,
  '|---|---|---|---|---|',
  ...commands.map((c, i) => {
    const m = median(times[i]);
    const target = i === 1 ? '≤ 2×' : i === 2 ? '≤ 3×' : '';
    const before = baseline?.commands.find((b) => b.name === c.name);
    return `| ${c.name} | ${ms(m)} | ${i === 0 ? '1.0' : ratios[i].toFixed(1)} | ${before ? before.ratio.toFixed(1) : 'n/a'} | ${target} |`;
  }),
  '',
  ...(baseline
    ? [
        `Before: \`pnpm bench:cli --baseline\` on commit ${baseline.commit} (${baseline.bin}, not bundled), ${baseline.date.slice(0, 16).replace('T', ' ')} UTC,`,
        `1-minute load average ${baseline.load[0].toFixed(1)} → ${baseline.load[1].toFixed(1)}; stored in bench/results/cli-baseline.json.`,
        '',
      ]
    : []),
  'After: the published `bin` (dist/bundle/blade.js). Each of core, data, estimators, the reward plugins and',
  'the CLI ships an esbuild bundle per package (scripts/bundle.mjs; code splitting across its entry points),',
  'core carrying inversify, TypeBox and ajv, so `blade eval` opens 28 modules instead of ~730;',
  '`blade --version` answers before loading any command; the trainer module loads only for the commands',
  'that need it (not for `eval`, `plugins`, `plugin`, `data`); option schemas compile on first use, without',
  "ajv's meta-schema pass (~90 ms per ajv instance; the conformance kit keeps it in each plugin's tests).",
  '',
  '## Install size (npm, from the local registry, into an empty project)',
  '',
];
if (sizes) {
  lines.push(
    '| install | node_modules | target |',
    '|---|---|---|',
    `| eval-only: \`npm install @bladerec/cli bladerec-reward-novelty\` | ${mb(sizes.evalOnlyBytes)} | ≤ 40 MB |`,
    `| full: the above + \`npm install @bladerec/trainer\` (TensorFlow.js, wasm backend) | ${mb(sizes.fullBytes)} | |`,
    '',
    'Sizes are the bytes of the regular files under `node_modules` (what `du --apparent-size` counts).',
  );
} else {
  lines.push('(not measured in this run: `--no-install`)');
}
writeFileSync(join(root, 'bench/results/cli.md'), lines.join('\n') + '\n');
console.log(lines.join('\n'));
