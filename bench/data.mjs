// `pnpm bench:data`: load time and peak memory of each shared real data set, each measured in a
// fresh child process (so the peak memory belongs to that data set alone). Reads BLADE_DATA_DIR
// (default ../shared/data); writes bench/results/data.md. Needs `pnpm build` (the script runs it).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA_SETS = [
  { name: 'goodreads', format: 'sprec', folder: 'goodreads' },
  { name: 'amazon-video-games', format: 'd3-csv', folder: 'amazon-video-games' },
  { name: 'movielens-10m-lists', format: 'history-jsonl', folder: 'movielens-10m-lists' },
];
const REPEATS = 3;

if (process.argv[2] === '--child') {
  // child: load one data set REPEATS + 1 times, report the first (cold) and the median warm time
  const [, , , format, path] = process.argv;
  const { createBladeContainer } = await import(join(root, 'packages/core/dist/bundle/index.js'));
  const { dataModule, DatasetLoaderRegistry } = await import(join(root, 'packages/data/dist/bundle/index.js'));
  const registry = createBladeContainer({ modules: [dataModule] }).get(DatasetLoaderRegistry);
  const baselineRssMiB = process.memoryUsage().rss / 2 ** 20;
  let peakHeap = 0;
  const sample = () => (peakHeap = Math.max(peakHeap, getHeapStatistics().used_heap_size));
  const timer = setInterval(sample, 2);
  const times = [];
  let dataset;
  for (let k = 0; k <= REPEATS; k++) {
    // drop the previous copy first, so that a load never holds two data sets
    // eslint-disable-next-line no-useless-assignment -- the reference is dropped for the collector
    dataset = undefined;
    const t0 = performance.now();
    dataset = await registry.load(path, format);
    times.push(performance.now() - t0);
    sample();
  }
  clearInterval(timer);
  const warm = times.slice(1).sort((a, b) => a - b)[Math.floor(REPEATS / 2)];
  const { splits, catalog } = dataset;
  process.stdout.write(
    JSON.stringify({
      baselineRssMiB,
      coldMs: times[0],
      warmMs: warm,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
      peakHeapMiB: peakHeap / 2 ** 20,
      items: catalog.size,
      examples: splits.train.length + splits.valid.length + splits.test.length,
    }),
  );
  process.exit(0);
}

const dataDir = resolve(root, process.env.BLADE_DATA_DIR ?? '../shared/data');
for (const d of DATA_SETS) {
  if (!existsSync(join(dataDir, d.folder))) {
    console.error(`bench:data: ${join(dataDir, d.folder)} is missing (set BLADE_DATA_DIR)`);
    process.exit(1);
  }
}
execFileSync('pnpm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
const rows = [];
for (const d of DATA_SETS) {
  const out = execFileSync(
    process.execPath,
    [fileURLToPath(import.meta.url), '--child', d.format, join(dataDir, d.folder)],
    { cwd: root, encoding: 'utf8' },
  );
  const r = JSON.parse(out);
  rows.push({ ...d, ...r });
  console.log(
    `${d.name}: cold ${r.coldMs.toFixed(0)} ms, warm ${r.warmMs.toFixed(0)} ms, peak RSS ${r.peakRssMiB.toFixed(0)} MiB, peak heap ${r.peakHeapMiB.toFixed(0)} MiB`,
  );
}
const fmt = (x) => x.toFixed(0);
const lines = [
  '# Data loading benchmark',
  '',
  `Command: \`pnpm bench:data\` (\`node bench/data.mjs\`; data from \`BLADE_DATA_DIR\`, default \`../shared/data\`).`,
  `Each data set is loaded in its own fresh Node process through \`DatasetLoaderRegistry.load\` with default options`,
  `(including the computed title embeddings and popularity groups): the cold time is the first load in that process,`,
  `the warm time the median of ${REPEATS} further loads. Peak RSS is the process maximum over all ${REPEATS + 1} loads`,
  '(`resourceUsage().maxRSS`; it includes Node and the loaded modules, whose RSS before the first load is given as',
  '"base RSS"), peak heap the largest V8 used-heap size sampled every 2 ms. Earlier loads are released but not',
  'necessarily collected, so both peaks are upper bounds for one load.',
  '',
  '| data set | format | items | examples | cold load (ms) | warm load (ms) | base RSS (MiB) | peak RSS (MiB) | peak heap (MiB) |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| ${r.name} | ${r.format} | ${r.items} | ${r.examples} | ${fmt(r.coldMs)} | ${fmt(r.warmMs)} | ${fmt(r.baselineRssMiB)} | ${fmt(r.peakRssMiB)} | ${fmt(r.peakHeapMiB)} |`,
  ),
  '',
  `Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform}/${process.arch}.`,
  `Run: ${new Date().toISOString().slice(0, 10)}.`,
  '',
];
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/data.md'), lines.join('\n'));
console.log('wrote bench/results/data.md');
