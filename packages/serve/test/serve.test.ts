import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createEvaluator,
  type EvidenceEstimator,
  listBatchFromArrays,
  type PriorStore,
  type SequenceExample,
  type TargetEstimator,
} from '@bladerec/core';
import { advantages, batchTargets, groupSoftmax, refreshPriors, seedPriors } from '@bladerec/estimators';
import ndcg from '@bladerec/reward-ndcg';
import recall from '@bladerec/reward-recall';
import { scoreRollouts } from '@bladerec/trainer/internal';
import { describe, expect, it } from 'vitest';
import {
  contextKey,
  createServer,
  MemoryPriorBackend,
  openService,
  parseGeneratedList,
  resolveServeSetup,
} from '../src/internal.js';
import { randomGroups, serveDeps, tempCatalog } from './helpers.js';

const deps = serveDeps();
const { dir, catalog } = tempCatalog();
const objective = { terms: ['ndcg@10', { reward: 'recall@10', weight: 0.5 }] };

async function service(
  extra: Record<string, unknown> = {},
  align: Record<string, unknown> = {},
  obj: unknown = objective,
) {
  const setup = await resolveServeSetup({ objective: obj, align, serve: { catalog, ...extra } }, dir, deps);
  return openService(setup, deps.components);
}

/** The catalog index of an id `i<k>` (`boom` is 0). */
const idx = (id: string) => (id === 'boom' ? 0 : Number(id.slice(1)));

describe('blade serve: rewards and targets equal the trainer and blade eval', () => {
  it("POST /v1/rewards: per-term raw values equal blade eval (createEvaluator), totals equal the trainer's scoreRollouts", async () => {
    const svc = await service();
    const app = createServer(svc);
    const groups = randomGroups(7, 6, 4, 10);
    const lists = groups.flatMap((g) => g.rollouts.map((r) => ({ context: g.context, items: r.items })));
    const reply = await app.inject({ method: 'POST', url: '/v1/rewards', payload: { lists } });
    expect(reply.statusCode).toBe(200);
    const body = reply.json() as { terms: string[]; rewards: { total: number; terms: Record<string, number> }[] };
    expect(body.terms).toEqual(['ndcg@10', 'recall@10']);
    // the trainer's path: examples (targets = relevant, history) and scoreRollouts
    const examples: SequenceExample[] = lists.map((l) => ({
      history: Int32Array.from(l.context.history.map(idx)),
      targets: Int32Array.from(l.context.relevant.map(idx)),
    }));
    const batch = listBatchFromArrays(lists.map((l) => l.items.map(idx)));
    const trainer = scoreRollouts(
      svc.setup.objective,
      examples,
      examples.map((_, i) => i),
      batch,
      svc.setup.catalog!.itemSide(),
    );
    expect(body.rewards.map((r) => r.total)).toEqual(Array.from(trainer.total));
    // blade eval's path: the evaluator with the same metrics
    const evaluator = createEvaluator({ plugins: [ndcg, recall] });
    const metrics = evaluator.resolve(['ndcg@10', 'recall@10']);
    const { perList } = evaluator.evaluate(
      { lists: batch, relevance: { ...trainerRelevance(examples) }, items: svc.setup.catalog!.itemSide() },
      metrics,
    );
    expect(body.rewards.map((r) => r.terms['ndcg@10'])).toEqual(Array.from(perList['ndcg@10']!));
    expect(body.rewards.map((r) => r.terms['recall@10'])).toEqual(Array.from(perList['recall@10']!));
    await app.close();
  });

  for (const algorithm of ['blade', 'vbon'] as const) {
    it(`POST /v1/targets (${algorithm}): a sequence of requests equals an in-process run of batchTargets + refreshPriors on the same groups`, async () => {
      const svc = await service({}, { algorithm });
      const app = createServer(svc);
      const { components } = deps;
      const prior = components.create('prior', svc.setup.components.prior) as PriorStore;
      const evidence = components.create('evidence', svc.setup.components.evidence) as EvidenceEstimator;
      const target = components.create('target', svc.setup.components.target) as TargetEstimator;
      const n = 4;
      for (let step = 0; step < 6; step++) {
        const groups = randomGroups(100 + step, 3, n, 10);
        const reply = await app.inject({ method: 'POST', url: '/v1/targets', payload: { groups } });
        expect(reply.statusCode, reply.body).toBe(200);
        const body = reply.json() as { priorVersion: number; groups: Record<string, number[]>[] };
        expect(body.priorVersion).toBe(step + 1);
        // in process: the trainer's step on the same groups
        const examples: SequenceExample[] = groups.map((g) => ({
          history: Int32Array.from(g.context.history.map(idx)),
          targets: Int32Array.from(g.context.relevant.map(idx)),
        }));
        const rows = groups.flatMap((_, g) => Array(n).fill(g) as number[]);
        const lists = listBatchFromArrays(groups.flatMap((g) => g.rollouts.map((r) => r.items.map(idx))));
        const scored = scoreRollouts(svc.setup.objective, examples, rows, lists, svc.setup.catalog!.itemSide());
        const keys = groups.map((g) => contextKey(g.context.id));
        const termWeights = svc.setup.objective.terms.map((t) => t.weight);
        const want = batchTargets({
          n,
          contextKeys: keys,
          termRewards: scored.terms,
          termWeights,
          total: scored.total,
          mode: 'per-term',
          components: { prior, evidence, target },
          bonN: n,
        });
        refreshPriors(prior, n, keys, scored.terms, scored.total, 'per-term');
        const column = (name: string) => body.groups.flatMap((g) => g[name]!);
        expect(column('rewards')).toEqual(Array.from(scored.total));
        expect(column('logWeight')).toEqual(Array.from(want.logWeight));
        expect(column('targetReward')).toEqual(Array.from(want.reward));
        expect(column('cdf')).toEqual(Array.from(want.cdf));
        expect(column('weight')).toEqual(Array.from(groupSoftmax(want.logWeight, n)));
        expect(column('advantage')).toEqual(Array.from(advantages(want.logWeight, n, 'loo')));
      }
      expect(svc.setup.components.prior).toEqual(
        algorithm === 'blade'
          ? { kind: 'reservoir', options: { eta: 0.2 } }
          : { kind: 'reservoir', options: { eta: 0 } },
      );
      await app.close();
    });
  }

  it('rewards given instead of lists (one-term objective) take the same path', async () => {
    const svc = await service({}, {}, { terms: ['ndcg@10'] });
    const app = createServer(svc);
    const groups = [
      { context: { id: 'a' }, rewards: [0.1, 0.5, 0.5, 0.9] },
      { context: { id: 'b' }, rewards: [0, 0, 1, 0.2] },
    ];
    const later = [
      { context: { id: 'a' }, rewards: [0.3, 0.6, 0.2, 0.4] },
      { context: { id: 'b' }, rewards: [0.9, 0.1, 0.5, 0.5] },
    ];
    type Reply = { groups: { logWeight: number[] }[] };
    const first = (await app.inject({ method: 'POST', url: '/v1/targets', payload: { groups } })).json() as Reply;
    const second = (
      await app.inject({ method: 'POST', url: '/v1/targets', payload: { groups: later } })
    ).json() as Reply;
    const prior = deps.components.create('prior', svc.setup.components.prior) as PriorStore;
    const evidence = deps.components.create('evidence', svc.setup.components.evidence) as EvidenceEstimator;
    const target = deps.components.create('target', svc.setup.components.target) as TargetEstimator;
    const keys = [contextKey('a'), contextKey('b')];
    const step = (gs: typeof groups) => {
      const total = Float64Array.from(gs.flatMap((g) => g.rewards));
      const args = {
        n: 4,
        contextKeys: keys,
        termRewards: [total],
        termWeights: [1],
        total,
        mode: 'sum' as const,
        components: { prior, evidence, target },
        bonN: 4,
      };
      const out = Array.from(batchTargets(args).logWeight);
      refreshPriors(prior, 4, keys, [total], total, 'sum');
      return out;
    };
    const fresh = Array.from(
      batchTargets({
        n: 4,
        contextKeys: keys,
        termRewards: [Float64Array.from(later.flatMap((g) => g.rewards))],
        termWeights: [1],
        total: Float64Array.from(later.flatMap((g) => g.rewards)),
        mode: 'sum',
        components: { prior, evidence, target },
        bonN: 4,
      }).logWeight,
    );
    expect(first.groups.flatMap((g) => g.logWeight)).toEqual(step(groups));
    expect(second.groups.flatMap((g) => g.logWeight)).toEqual(step(later));
    // the prior learnt from the first request mattered: without it the second step's weights differ
    expect(second.groups.flatMap((g) => g.logWeight)).not.toEqual(fresh);
    await app.close();
  });
});

function trainerRelevance(examples: readonly SequenceExample[]) {
  const offsets = new Int32Array(examples.length + 1);
  examples.forEach((e, i) => (offsets[i + 1] = offsets[i]! + e.targets.length));
  const values = Int32Array.from(examples.flatMap((e) => Array.from(e.targets)));
  return { offsets, values, grades: new Float32Array(values.length).fill(1) };
}

describe('blade serve: grounding of generated text', () => {
  it('parses numbered lists and counts exact, normalised, embedding and ungrounded matches', async () => {
    expect(parseGeneratedList('Here you go:\n1. Title Beta 1\n2) **Title Gamma 2**\n3. "x"')).toEqual([
      'Title Beta 1',
      'Title Gamma 2',
      'x',
    ]);
    const svc = await service();
    const app = createServer(svc);
    const text = '1. Title Beta 1\n2. title   beta-6!\n3. Titel Beta 11\n4. Zzyzx Road';
    const reply = await app.inject({
      method: 'POST',
      url: '/v1/rewards',
      payload: { lists: [{ context: { relevant: ['i1', 'i6'] }, text }] },
    });
    expect(reply.statusCode, reply.body).toBe(200);
    const body = reply.json() as { grounding: Record<string, number>; rewards: { terms: Record<string, number> }[] };
    expect(body.grounding).toEqual({ exact: 1, normalized: 1, embedding: 1, ungrounded: 1 });
    expect(body.rewards[0]!.terms['recall@10']).toBe(1); // i1 exact, i6 normalised
    await app.close();
  });
});

describe('blade serve: safety', () => {
  it('binds 127.0.0.1 by default', async () => {
    expect((await service()).setup.options.host).toBe('127.0.0.1');
  });

  it('answers every bad request with 400 naming the field and the reason', async () => {
    const app = createServer(await service({ limits: { lists: 4, listLength: 5 } }));
    const bad = async (payload: unknown, url = '/v1/rewards') => {
      const reply = await app.inject({ method: 'POST', url, payload: payload as object });
      expect(reply.statusCode, reply.body).toBe(400);
      return (reply.json() as { error: { field: string; reason: string } }).error;
    };
    expect(await bad({})).toEqual({ field: 'lists', reason: 'is required' });
    expect(await bad({ lists: [{ context: {}, items: 'i1' }] })).toEqual({
      field: 'lists[0].items',
      reason: 'must be array',
    });
    expect(await bad({ lists: [{ context: {}, items: ['i1'], extra: 1 }] })).toEqual({
      field: 'lists[0].extra',
      reason: 'is not allowed here',
    });
    expect((await bad({ lists: [{ context: {}, items: ['i1', 'i2', 'i3', 'i4', 'i5', 'i6'] }] })).field).toBe(
      'lists[0].items',
    );
    expect((await bad({ lists: Array(5).fill({ context: {}, items: ['i1'] }) })).field).toBe('lists');
    expect(await bad({ lists: [{ context: {}, items: ['i1'], text: '1. a' }] })).toEqual({
      field: 'lists[0]',
      reason: 'needs exactly one of items, text',
    });
    expect(await bad({ lists: [{ context: { relevant: ['nope'] }, items: ['i1'] }] })).toEqual({
      field: 'lists[0].context.relevant',
      reason: 'item "nope" is not in the catalog',
    });
    expect(
      (
        await bad(
          {
            groups: [
              { context: { id: 'a' }, rewards: [1, 2] },
              { context: { id: 'b' }, rewards: [1, 2, 3] },
            ],
          },
          '/v1/targets',
        )
      ).field,
    ).toBe('groups[1]');
    expect(await bad({ groups: [{ context: {}, rewards: [1, 2] }] }, '/v1/targets')).toEqual({
      field: 'groups[0].context.id',
      reason: 'is required: the prior is kept per context (id, or user)',
    });
    const notJson = await app.inject({
      method: 'POST',
      url: '/v1/rewards',
      headers: { 'content-type': 'application/json' },
      payload: '{"lists": [',
    });
    expect(notJson.statusCode).toBe(400);
    await app.close();
  });

  it('refuses bodies over the limit (413) and requests without the bearer token (401)', async () => {
    const svc = await service({ limits: { bodyBytes: 2048 } });
    const app = createServer(svc, { token: 'a-long-enough-secret' });
    const lists = [{ context: { relevant: ['i1'] }, items: Array(60).fill('i1') }];
    expect(
      (await app.inject({ method: 'POST', url: '/v1/rewards', payload: { lists: [{ context: {}, items: ['i1'] }] } }))
        .statusCode,
    ).toBe(401);
    const wrong = await app.inject({
      method: 'POST',
      url: '/v1/rewards',
      headers: { authorization: 'Bearer wrong' },
      payload: { lists },
    });
    expect(wrong.statusCode).toBe(401);
    const auth = { authorization: 'Bearer a-long-enough-secret' };
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/v1/rewards',
          headers: auth,
          payload: { lists: lists.map((l) => ({ ...l, items: ['i1'] })) },
        })
      ).statusCode,
    ).toBe(200);
    const big = await app.inject({
      method: 'POST',
      url: '/v1/rewards',
      headers: auth,
      payload: { lists: Array(40).fill(lists[0]) },
    });
    expect(big.statusCode).toBe(413);
    await app.close();
  });

  it('a failing reward plugin gets 500 naming the plugin, and the server keeps serving', async () => {
    const app = createServer(await service({}, {}, { terms: ['ndcg@10', 'faulty'] }));
    const failing = await app.inject({
      method: 'POST',
      url: '/v1/rewards',
      payload: { lists: [{ context: { relevant: ['i1'] }, items: ['boom', 'i1'] }] },
    });
    expect(failing.statusCode).toBe(500);
    expect((failing.json() as { error: { plugin: string; metric: string } }).error).toMatchObject({
      plugin: 'bladerec-reward-faulty',
      metric: 'faulty',
    });
    const next = await app.inject({
      method: 'POST',
      url: '/v1/rewards',
      payload: { lists: [{ context: { relevant: ['i1'] }, items: ['i2', 'i1'] }] },
    });
    expect(next.statusCode).toBe(200);
    await app.close();
  });
});

describe('blade serve: the in-memory prior store', () => {
  it('snapshots atomically to disk and a restarted service continues from it', async () => {
    const snapshot = join(dir, 'prior.json');
    const first = await service({ store: { kind: 'memory', snapshot: 'prior.json', snapshotEveryMs: 60_000 } });
    const app = createServer(first);
    for (let step = 0; step < 3; step++)
      await app.inject({ method: 'POST', url: '/v1/targets', payload: { groups: randomGroups(step, 2, 4, 10) } });
    await app.close();
    await first.backend.close();
    expect(existsSync(snapshot)).toBe(true);
    expect(readdirTemp(dir)).toEqual([]);
    const doc = JSON.parse(readFileSync(snapshot, 'utf8')) as { version: number };
    expect(doc.version).toBe(3);
    // the restarted service answers the next step as the uninterrupted one does
    const restarted = await service({ store: { kind: 'memory', snapshot: 'prior.json', snapshotEveryMs: 60_000 } });
    const uninterrupted = await service();
    for (let step = 0; step < 3; step++) await uninterrupted.targets(randomGroups(step, 2, 4, 10));
    const next = randomGroups(99, 2, 4, 10);
    const a = await restarted.targets(next);
    const b = await uninterrupted.targets(next);
    expect(a.groups).toEqual(b.groups);
    expect(a.priorVersion).toBe(4);
    expect(restarted.backend).toBeInstanceOf(MemoryPriorBackend);
  });
});

describe('blade serve: OpenRLHF remote reward model', () => {
  it('answers {query, prompts, labels} with {rewards}: the objective of the response after the prompt, or BLADE advantages', async () => {
    const app = createServer(await service());
    const prompt = 'Recommend ten items:\n';
    const label = JSON.stringify({ id: 'u1', relevant: ['i1', 'i2'] });
    const query = [
      `${prompt}1. Title Beta 1\n2. Title Gamma 2`,
      `${prompt}1. Title Delta 3`,
      `${prompt}1. Title Gamma 2`,
      `${prompt}1. Title Omega 4`,
    ];
    const payload = { query, prompts: query.map(() => prompt), labels: query.map(() => label) };
    const reply = await app.inject({ method: 'POST', url: '/get_reward', payload });
    expect(reply.statusCode, reply.body).toBe(200);
    const body = reply.json() as { rewards: number[]; scores: number[]; extra_logs: Record<string, number> };
    expect(body.rewards).toHaveLength(4);
    expect(body.rewards[0]).toBeGreaterThan(body.rewards[1]!);
    expect(body.extra_logs['grounded_exact']).toBe(5);
    const adv = (
      await app.inject({ method: 'POST', url: '/v1/openrlhf/get_reward?reward=advantage', payload })
    ).json() as { rewards: number[] };
    expect(adv.rewards.reduce((s, x) => s + x, 0)).toBeCloseTo(0, 12); // leave-one-out advantages of one group
    const missing = await app.inject({ method: 'POST', url: '/get_reward', payload: { query } });
    expect((missing.json() as { error: { field: string } }).error.field).toBe('labels');
    await app.close();
  });
});

function readdirTemp(folder: string): string[] {
  return readdirSync(folder).filter((f) => f.endsWith('.tmp'));
}

describe('blade serve: the serve section', () => {
  it('fills the store defaults (memory; redis url and prefix) and names a bad field', async () => {
    const memory = await resolveServeSetup({ serve: { store: { kind: 'memory' } } }, dir, deps);
    expect(memory.options.store).toEqual({ kind: 'memory' });
    const redis = await resolveServeSetup({ serve: { store: { kind: 'redis' } } }, dir, deps);
    expect(redis.options.store).toEqual({ kind: 'redis' });
    await expect(resolveServeSetup({ serve: { port: 'x' } }, dir, deps)).rejects.toThrow(/serve\.port/);
    await expect(resolveServeSetup({ align: { algorithm: 'grpo' } }, dir, deps)).rejects.toThrow(/no Best-of-N target/);
  });
});

describe('blade serve: seeding priors with reference rollouts', () => {
  it('POST /v1/priors/seed then /v1/targets equals seedPriors then batchTargets in process', async () => {
    const svc = await service({}, { algorithm: 'vbon' });
    const app = createServer(svc);
    const reference = randomGroups(4242, 2, 6, 10);
    const seeded = await app.inject({ method: 'POST', url: '/v1/priors/seed', payload: { seeds: reference } });
    expect(seeded.statusCode, seeded.body).toBe(200);
    expect((seeded.json() as { priorVersion: number }).priorVersion).toBe(1);
    const groups = reference.map((g, i) => ({
      context: g.context,
      rollouts: randomGroups(77 + i, 1, 4, 10)[0]!.rollouts,
    }));
    const got = (await app.inject({ method: 'POST', url: '/v1/targets', payload: { groups } })).json() as {
      groups: { logWeight: number[] }[];
    };
    const prior = deps.components.create('prior', svc.setup.components.prior) as PriorStore;
    const evidence = deps.components.create('evidence', svc.setup.components.evidence) as EvidenceEstimator;
    const target = deps.components.create('target', svc.setup.components.target) as TargetEstimator;
    const items = svc.setup.catalog!.itemSide();
    const score = (gs: { context: { history: string[]; relevant: string[] }; rollouts: { items: string[] }[] }[]) => {
      const examples: SequenceExample[] = gs.map((g) => ({
        history: Int32Array.from(g.context.history.map(idx)),
        targets: Int32Array.from(g.context.relevant.map(idx)),
      }));
      const rows = gs.flatMap((g, i) => g.rollouts.map(() => i));
      return scoreRollouts(
        svc.setup.objective,
        examples,
        rows,
        listBatchFromArrays(gs.flatMap((g) => g.rollouts.map((r) => r.items.map(idx)))),
        items,
      );
    };
    reference.forEach((g) => {
      const s = score([g]);
      seedPriors(prior, contextKey(g.context.id), s.terms, s.total, 'per-term');
    });
    const s = score(groups);
    const keys = groups.map((g) => contextKey(g.context.id));
    const want = batchTargets({
      n: 4,
      contextKeys: keys,
      termRewards: s.terms,
      termWeights: [1, 0.5],
      total: s.total,
      mode: 'per-term',
      components: { prior, evidence, target },
      bonN: 4,
    });
    expect(got.groups.flatMap((g) => g.logWeight)).toEqual(Array.from(want.logWeight));
    const bad = await app.inject({
      method: 'POST',
      url: '/v1/priors/seed',
      payload: { seeds: [{ context: { id: 'a' } }] },
    });
    expect((bad.json() as { error: { field: string } }).error.field).toBe('seeds[0]');
    await app.close();
  });
});
