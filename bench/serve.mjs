#!/usr/bin/env node
// `pnpm bench:serve`: throughput and latency of `blade serve` on loopback — rewards (8 lists of 10
// items per request) and targets (one group of 8 lists of 10 items per request) — in process (the
// same BladeService calls, no HTTP), over HTTP with the in-memory prior, and with 1 and 2 replicas
// sharing a Redis prior (a real redis-server in a temp folder, AOF with fsync always). Replicas are
// `blade serve` processes; the load comes from this process (keep-alive HTTP, CONCURRENCY requests in
// flight). Writes bench/results/serve.md. Needs `pnpm build` (the script runs it) and redis-server.
//
//   node bench/serve.mjs [--seconds 5] [--concurrency 8]
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer as netServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('seconds', 5);
const CONCURRENCY = arg('concurrency', 8);
const N = 8;
const K = 10;
const ITEMS = 1000;
const blade = join(root, 'packages/cli/dist/bin/blade.js');

// a synthetic catalog and deterministic requests (no real data)
const dir = mkdtempSync(join(tmpdir(), 'bladerec-bench-serve-'));
const catalog = join(dir, 'catalog.json');
writeFileSync(
  catalog,
  JSON.stringify({ items: Array.from({ length: ITEMS }, (_, i) => ({ id: `i${i}`, title: `Item ${i}` })) }),
);
let state = 12345;
const rand = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
const context = (c) => ({
  id: `ctx${c}`,
  relevant: [`i${c % ITEMS}`, `i${(c * 7) % ITEMS}`, `i${(c * 13) % ITEMS}`],
  history: [`i${(c * 3) % ITEMS}`],
});
const list = () => Array.from({ length: K }, () => `i${Math.floor(rand() * 60)}`);
const bodies = Array.from({ length: 64 }, (_, r) => {
  const c = context(r % 32);
  const rollouts = Array.from({ length: N }, () => ({ items: list() }));
  return {
    rewards: JSON.stringify({ lists: rollouts.map((x) => ({ context: c, items: x.items })) }),
    targets: JSON.stringify({ groups: [{ context: c, rollouts }] }),
    parsed: { context: c, rollouts },
  };
});
const objective = { terms: ['ndcg@10', { reward: 'recall@10', weight: 0.5 }] };

const freePort = () =>
  new Promise((done) => {
    const s = netServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => done(port));
    });
  });

function percentile(sorted, p) {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** Requests for SECONDS with CONCURRENCY in flight, spread over `urls` round-robin. */
async function load(urls, path, kind) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies = [];
  let errors = 0;
  let next = 0;
  const end = performance.now() + SECONDS * 1000;
  const one = (url, body) =>
    new Promise((done) => {
      const t0 = performance.now();
      const req = request(
        `${url}${path}`,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) latencies.push(performance.now() - t0);
            else errors++;
            done();
          });
        },
      );
      req.on('error', () => (errors++, done()));
      req.end(body);
    });
  const worker = async () => {
    while (performance.now() < end) {
      const i = next++;
      await one(urls[i % urls.length], bodies[i % bodies.length][kind]);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const wall = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / wall,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    requests: latencies.length,
    errors,
  };
}

/** The same computation in this process, no HTTP: BladeService.score / .targets, one request at a time. */
async function inProcess() {
  const { createBladeContainer, ObjectiveFactory, AlignmentComponents } = await import('@bladerec/core');
  const { default: estimators } = await import('@bladerec/estimators');
  const { default: ndcg } = await import('@bladerec/reward-ndcg');
  const { default: recall } = await import('@bladerec/reward-recall');
  const { resolveServeSetup, openService } = await import('@bladerec/serve');
  const container = createBladeContainer({ plugins: [ndcg, recall, estimators] });
  const deps = { objectives: container.get(ObjectiveFactory), components: container.get(AlignmentComponents) };
  const service = await openService(
    await resolveServeSetup({ objective, serve: { catalog } }, dir, deps),
    deps.components,
  );
  const out = {};
  for (const kind of ['rewards', 'targets']) {
    const latencies = [];
    const end = performance.now() + SECONDS * 1000;
    const t0 = performance.now();
    for (let i = 0; performance.now() < end; i++) {
      const { context: c, rollouts } = bodies[i % bodies.length].parsed;
      const s = performance.now();
      if (kind === 'rewards')
        service.score(
          rollouts.map((r, j) => ({ context: c, rollout: r, field: `lists[${j}]`, contextField: 'context' })),
        );
      else await service.targets([{ context: c, rollouts }]);
      latencies.push(performance.now() - s);
    }
    const wall = (performance.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    out[kind] = {
      perSecond: latencies.length / wall,
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      requests: latencies.length,
      errors: 0,
    };
  }
  return out;
}

async function startReplica(config) {
  const child = spawn(process.execPath, [blade, 'serve', '--config', config, '--port', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((done, fail) => {
    let err = '';
    child.stderr.on('data', (c) => {
      err += c;
      const m = /blade serve: (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
      if (m) done({ child, url: m[1] });
    });
    child.once('exit', (code) => fail(new Error(`replica exited ${code}: ${err}`)));
  });
}

async function startRedis() {
  const port = await freePort();
  const data = join(dir, `redis-${port}`);
  mkdirSync(data);
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      data,
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
      '--save',
      '',
    ],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 100; i++) {
    if (
      spawnSync('redis-cli', ['-p', String(port), 'ping'])
        .stdout?.toString()
        .includes('PONG')
    )
      return { child, url: `redis://127.0.0.1:${port}` };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('redis-server did not start');
}

async function scenario(name, replicas, store) {
  const config = join(dir, `${name.replace(/\W+/g, '-')}.json`);
  writeFileSync(config, JSON.stringify({ objective, serve: { catalog, store } }));
  const started = [];
  try {
    for (let r = 0; r < replicas; r++) started.push(await startReplica(config));
    const urls = started.map((s) => s.url);
    await load(urls, '/v1/rewards', 'rewards'); // warm-up (JIT, connections), not reported
    return {
      name,
      rewards: await load(urls, '/v1/rewards', 'rewards'),
      targets: await load(urls, '/v1/targets', 'targets'),
    };
  } finally {
    for (const s of started) s.child.kill('SIGTERM');
  }
}

const loadBefore = loadavg()[0];
const rows = [];
const local = await inProcess();
rows.push({ name: 'in process (no HTTP, one call at a time)', ...local });
rows.push(await scenario('HTTP, 1 replica, in-memory prior', 1, { kind: 'memory' }));
const redis = await startRedis();
try {
  rows.push(await scenario('HTTP, 1 replica, Redis prior', 1, { kind: 'redis', url: redis.url, prefix: 'bench1' }));
  rows.push(
    await scenario('HTTP, 2 replicas, one Redis prior', 2, { kind: 'redis', url: redis.url, prefix: 'bench2' }),
  );
} finally {
  redis.child.kill('SIGTERM');
}
const loadAfter = loadavg()[0];
rmSync(dir, { recursive: true, force: true });

const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '–');
const lines = [
  '# `blade serve` throughput (loopback)',
  '',
  `Written by \`pnpm bench:serve\` (bench/serve.mjs) on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}).`,
  `**The machine was shared and loaded** (1-minute load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after, on ${cpus().length} cores): the numbers are lower bounds and the ratios between rows are rough.`,
  '',
  `Requests: rewards = ${N} lists of ${K} items with their context; targets = one group of ${N} lists of ${K} items (BLADE preset, objective ndcg@10 + 0.5·recall@10 with per-term priors, 32 contexts, catalog of ${ITEMS} synthetic items).`,
  `HTTP rows: ${CONCURRENCY} requests in flight from one keep-alive client in the benchmark process, ${SECONDS} s per row after a warm-up; replicas are \`blade serve\` processes; Redis with AOF and \`appendfsync always\`. In process: the same \`BladeService\` calls, one at a time, no HTTP.`,
  '',
  '| setting | rewards/s | p50 ms | p99 ms | targets/s | p50 ms | p99 ms | errors |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.name} | ${f(r.rewards.perSecond)} | ${f(r.rewards.p50, 2)} | ${f(r.rewards.p99, 2)} | ${f(r.targets.perSecond)} | ${f(r.targets.p50, 2)} | ${f(r.targets.p99, 2)} | ${r.rewards.errors + r.targets.errors} |`,
  ),
  '',
  'Overhead ratio (in-process requests per second ÷ HTTP requests per second; 1 = no overhead):',
  '',
  ...rows
    .slice(1)
    .map(
      (r) =>
        `- ${r.name}: rewards ${f(local.rewards.perSecond / r.rewards.perSecond, 2)}×, targets ${f(local.targets.perSecond / r.targets.perSecond, 2)}×`,
    ),
  '',
  'With 2 cores shared by the load generator, the replicas and Redis, two replicas cannot add CPU: the 2-replica row shows the cost of sharing the prior (log catch-up and compare-and-append retries), not scaling.',
  '',
];
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/serve.md'), lines.join('\n'));
console.log(lines.join('\n'));
