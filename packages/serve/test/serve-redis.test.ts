import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PriorStore } from '@bladerec/core';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyOps,
  BladeService,
  contextKey,
  MemoryPriorBackend,
  openService,
  type PriorOp,
  resolveServeSetup,
  type ServeSetup,
} from '../src/internal.js';
import { randomGroups, serveDeps, tempCatalog } from './helpers.js';
import { hasRedisServer, startRedis, type TestRedis } from './redis-server.js';

const deps = serveDeps();
const { dir, catalog } = tempCatalog();
const objective = { terms: ['ndcg@10', { reward: 'recall@10', weight: 0.5 }] };
const BLADE = resolve(import.meta.dirname, '../../cli/dist/bin/blade.js');
// CI installs redis-server (.ci/redis.sh) and must run these; elsewhere they need it on the PATH
const run = hasRedisServer || process.env['CI'] === 'true';

async function setupFor(url: string, prefix: string): Promise<ServeSetup> {
  return resolveServeSetup({ objective, serve: { catalog, store: { kind: 'redis', url, prefix } } }, dir, deps);
}

/** The prior the Redis log describes, replayed into a fresh store (the same code as every replica). */
async function replay(
  url: string,
  prefix: string,
  setup: ServeSetup,
): Promise<{ store: PriorStore; log: PriorOp[][] }> {
  const client = createClient({ url });
  await client.connect();
  const log = (await client.lRange(`${prefix}:log`, 0, -1)).map((e) => JSON.parse(e) as PriorOp[]);
  await client.close();
  const store = deps.components.create('prior', setup.components.prior) as PriorStore;
  for (const batch of log) applyOps(store, batch);
  return { store, log };
}

describe.runIf(run)('blade serve on Redis (a real redis-server on loopback)', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('two replicas interleaving requests give what one process gives for the same sequence', async () => {
    const setup = await setupFor(redis.url, 'interleave');
    const a = await openService(setup, deps.components);
    const b = await openService(setup, deps.components);
    const local = new BladeService(
      setup,
      deps.components,
      new MemoryPriorBackend(deps.components.create('prior', setup.components.prior) as PriorStore),
    );
    for (let step = 0; step < 8; step++) {
      const groups = randomGroups(500 + step, 2, 8, 10);
      const got = await (step % 3 === 0 ? a : b).targets(groups);
      const want = await local.targets(groups);
      expect(got.groups).toEqual(want.groups);
      expect(got.priorVersion).toBe(step + 1);
    }
    // concurrent requests to both replicas: serialised by the compare-and-append, none lost
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).targets(randomGroups(900 + i, 2, 8, 10))),
    );
    expect(results.map((r) => r.priorVersion).sort((x, y) => x - y)).toEqual([9, 10, 11, 12, 13, 14]);
    await a.backend.close();
    await b.backend.close();
  });

  it('refuses a prefix that holds a prior with other settings', async () => {
    const setup = await setupFor(redis.url, 'settings');
    await (await openService(setup, deps.components)).backend.close();
    const other = await resolveServeSetup(
      {
        objective,
        align: { prior: { options: { eta: 0.5 } } },
        serve: { catalog, store: { kind: 'redis', url: redis.url, prefix: 'settings' } },
      },
      dir,
      deps,
    );
    await expect(openService(other, deps.components)).rejects.toThrow(/other settings/);
  });

  it('kill -9 of one replica mid-stream: its acknowledged updates are in Redis, the other keeps serving, a restarted one continues', async () => {
    const prefix = 'fault';
    const config = join(dir, 'fault.json');
    writeFileSync(
      config,
      JSON.stringify({ objective, serve: { catalog, port: 0, store: { kind: 'redis', url: redis.url, prefix } } }),
    );
    const replicas: ChildProcess[] = [];
    const start = () =>
      new Promise<{ child: ChildProcess; url: string }>((done, fail) => {
        const child = spawn(process.execPath, [BLADE, 'serve', '--config', config], {
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        replicas.push(child);
        let err = '';
        child.stderr!.on('data', (chunk: Buffer) => {
          err += chunk.toString();
          const match = /blade serve: (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
          if (match) done({ child, url: match[1]! });
        });
        child.once('exit', (code) => fail(new Error(`replica exited (${code}): ${err}`)));
      });
    const post = async (url: string, seed: number) => {
      const groups = randomGroups(seed, 2, 8, 10);
      const reply = await fetch(`${url}/v1/targets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ groups }),
      });
      if (reply.status !== 200) throw new Error(`HTTP ${reply.status}: ${await reply.text()}`);
      return { groups, body: (await reply.json()) as { priorVersion: number; groups: unknown[] } };
    };
    try {
      const [a, b] = await Promise.all([start(), start()]);
      const acked: { replica: 'a' | 'b'; version: number; keys: number[] }[] = [];
      let killed = false;
      let aFailures = 0;
      const stream = async (replica: 'a' | 'b', url: string, seed0: number, until: () => boolean) => {
        for (let i = 0; !until(); i++) {
          try {
            const { groups, body } = await post(url, seed0 + i);
            acked.push({ replica, version: body.priorVersion, keys: groups.map((g) => contextKey(g.context.id)) });
          } catch (error) {
            if (replica === 'a' && killed) return void aFailures++;
            throw error;
          }
          if (replica === 'a' && !killed && acked.filter((x) => x.replica === 'a').length >= 8) {
            a.child.kill('SIGKILL');
            killed = true;
          }
        }
      };
      const bAfterKill = () => killed && acked.filter((x) => x.replica === 'b').length >= 20;
      await Promise.all([stream('a', a.url, 1000, () => killed), stream('b', b.url, 2000, bAfterKill)]);
      expect(killed).toBe(true);
      expect(acked.filter((x) => x.replica === 'b').length).toBeGreaterThanOrEqual(20);
      // every acknowledged update (of both replicas) is in the log, at its version, for its contexts
      const setup = await setupFor(redis.url, prefix);
      const { log } = await replay(redis.url, prefix, setup);
      const versions = acked.map((x) => x.version);
      expect(new Set(versions).size).toBe(versions.length);
      for (const { version, keys } of acked) {
        const batch = log[version - 1]!;
        expect(batch, `update ${version}`).toBeDefined();
        expect([...new Set(batch.map((op) => Math.floor(op.key / 2)))].sort()).toEqual([...new Set(keys)].sort());
      }
      // a restarted replica continues from the shared state: its answer is the replayed log's
      const restarted = await start();
      const next = await post(restarted.url, 7777);
      expect(next.body.priorVersion).toBe(log.length + 1);
      const { store } = await replay(redis.url, prefix, setup);
      // the replay now includes the restarted replica's own update: rebuild the state before it
      const before = deps.components.create('prior', setup.components.prior) as PriorStore;
      const all = (await replay(redis.url, prefix, setup)).log;
      for (const batch of all.slice(0, log.length)) applyOps(before, batch);
      const want = await new BladeService(setup, deps.components, new MemoryPriorBackend(before)).targets(next.groups);
      expect(next.body.groups).toEqual(want.groups);
      expect(store.size).toBeGreaterThan(0);
    } finally {
      for (const child of replicas) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    }
  }, 180_000);
});
