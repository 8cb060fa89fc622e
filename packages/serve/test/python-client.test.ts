import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServer, openService, resolveServeSetup } from '../src/internal.js';
import { randomGroups, serveDeps, tempCatalog } from './helpers.js';

const deps = serveDeps();
const { dir, catalog } = tempCatalog();
const objective = { terms: ['ndcg@10', { reward: 'recall@10', weight: 0.5 }] };
const service = async () =>
  openService(await resolveServeSetup({ objective, serve: { catalog } }, dir, deps), deps.components);
const hasPython = spawnSync('python3', ['--version']).status === 0;

describe.runIf(hasPython || process.env['CI'] === 'true')(
  'the Python client (python3, standard library only) against a live server',
  () => {
    it('rewards, targets, the TRL and verl examples and error replies equal the service computed in process', async () => {
      const token = 'python-client-test-token';
      const app = createServer(await service(), { token });
      const url = await app.listen({ host: '127.0.0.1', port: 0 });
      try {
        const groups = randomGroups(31, 2, 4, 10);
        const lists = groups[0]!.rollouts.map((r) => ({ context: groups[0]!.context, items: r.items }));
        const context = { id: 'py', relevant: ['i1', 'i2'] };
        const texts = [
          '1. Title Beta 1\n2. Title Gamma 2',
          '1. Title Delta 3',
          '1. Title Gamma 2\n2. Title Beta 1',
          '1. Title Omega 4',
        ];
        const request = { lists, groups, context, texts };
        // asynchronously: the server runs in this process and must keep answering
        const python = await runPython(
          [resolve(import.meta.dirname, 'fixtures/client_check.py'), url, token],
          JSON.stringify(request),
        );
        expect(python.status, python.stderr).toBe(0);
        const out = JSON.parse(python.stdout) as Record<string, unknown>;
        // the same requests on a fresh in-process service
        const local = await service();
        const scored = local.score(
          lists.map((l, i) => ({ context: l.context, rollout: l, field: `lists[${i}]`, contextField: '' })),
        );
        expect((out['rewards'] as { rewards: { total: number }[] }).rewards.map((r) => r.total)).toEqual(
          Array.from(scored.total),
        );
        const targets = await local.targets(groups);
        expect((out['targets'] as { groups: unknown[] }).groups).toEqual(targets.groups);
        const textLists = texts.map((text, i) => ({ context, rollout: { text }, field: `${i}`, contextField: '' }));
        expect(out['trl_reward']).toEqual(Array.from(local.score(textLists).total));
        expect(out['verl']).toBe(local.score(textLists.slice(0, 1)).total[0]);
        const advantage = await local.targets([{ context, rollouts: texts.map((text) => ({ text })) }]);
        expect(out['trl_advantage']).toEqual(advantage.groups[0]!.advantage);
        expect(out['error']).toEqual({ status: 400, field: 'lists[0].items' });
        expect(out['unauthorised']).toBe(401);
        expect(out['health']).toBe(local.setup.objective.meta.name);
      } finally {
        await app.close();
      }
    });
  },
);

function runPython(args: string[], input: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn('python3', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('close', (status) => done({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}
