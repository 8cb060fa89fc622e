import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliContribution, definePlugin, type ListRewardDefinition, rewardMeta } from '@bladerec/core';
import { ContainerModule } from '@bladerec/core/inversify';
import { afterAll, describe, expect, test } from 'vitest';
import { bladeInProcess, oneLineError } from './support/in-process.js';

// Bad input never crashes: the `blade` program run in-process (the process boundary adds nothing
// here), every case one line on stderr and exit 1, before TensorFlow.js loads where possible.
const dir = mkdtempSync(join(tmpdir(), 'bladerec-robust-'));
const fixtures = join(import.meta.dirname, 'fixtures/eval');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

describe('configs: every number finite, every issue named', () => {
  test('weight: .inf in a YAML objective is a named error on train bon, not a crash', async () => {
    const file = write('inf.yaml', 'objective:\n  terms:\n    - ndcg@10\n    - { reward: ild@10, weight: .inf }\n');
    const message = oneLineError(
      await bladeInProcess(['train', 'bon', '--config', 'inf.yaml', '--init', 'none.bct'], dir),
    );
    expect(message).toBe(`${file}: objective.terms[1].weight: must be a finite number (rule: type)`);
  });

  test('.nan in a plugin option and normalize: range on an unbounded reward are named too', async () => {
    const file = write(
      'nan.yaml',
      'objective:\n  terms:\n    - { reward: exposure-gap@10, options: { alpha: .nan } }\n',
    );
    expect(oneLineError(await bladeInProcess(['train', 'bon', '--config', 'nan.yaml'], dir))).toBe(
      `${file}: objective.terms[0].options.alpha: must be a finite number (rule: type, plugin: @bladerec/reward-fairness)`,
    );
  });

  test('a bug in a command is an internal error (exit 3, with its trace), never an uncaught exception', async () => {
    const command: CliContribution = {
      register: (program) =>
        void program.command('boom').action(() => {
          throw new TypeError('something is undefined');
        }),
    };
    const buggy = new ContainerModule(({ bind }) => void bind(CliContribution).toConstantValue(command));
    const r = await bladeInProcess(['boom'], dir, { modules: [buggy] });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /^blade: internal error \(a bug; please report it with this trace\):\nTypeError: something is undefined\n\s+at /,
    );
  });
});

describe('metric names: K is bounded', () => {
  const evalArgs = (metric: string) => ['eval', '--lists', 'lists.jsonl', '--truth', 'truth.jsonl', '--metric', metric];
  test.each([['ndcg@99999999999999999999'], ['ndcg@2147483648'], ['recall@10001']])(
    '%s is refused before any work',
    async (metric) => {
      expect(oneLineError(await bladeInProcess(evalArgs(metric), fixtures))).toBe(
        `'${metric}': the cutoff ${metric.slice(metric.indexOf('@') + 1)} is above the limit of 10000 (MAX_CUTOFF)`,
      );
    },
  );
  test('an option k above the limit is refused by every metric the same way', async () => {
    expect(oneLineError(await bladeInProcess(evalArgs('ndcg:k=50000'), fixtures))).toBe(
      "metric 'ndcg' options.k: must be <= 10000 (the cutoff limit MAX_CUTOFF) (rule: maximum, plugin: @bladerec/reward-ndcg)",
    );
  });
  test('K = 10000 is accepted', async () => {
    const r = await bladeInProcess([...evalArgs('ndcg@10000'), '--json'], fixtures);
    expect(r.code, r.stderr).toBe(0);
  });
});

describe("a plugin's score that throws, is NaN or leaves its range names plugin, metric, user and value", () => {
  // u1, u2, u3 are rows 0, 1, 2 of tests/fixtures/eval/lists.jsonl; each bad metric fails on u2's row only
  const bad = (id: string, value: (row: number) => number): ListRewardDefinition<{ k: number }> => ({
    meta: {
      id,
      description: `A deliberately broken reward (${id}).`,
      higherIsBetter: true,
      schema: {
        type: 'object',
        properties: { k: { type: 'integer', minimum: 1, default: 10 } },
        additionalProperties: false,
      },
      atParameter: 'k',
      requires: [],
      properties: [],
      unknownItems: 'zero-gain',
    },
    create(options) {
      // eslint-disable-next-line @typescript-eslint/no-this-alias -- the reward reports its own definition
      const definition = this;
      return {
        meta: rewardMeta(definition, options, { range: [0, 1], cutoff: options.k }),
        score(inputs, out = new Float64Array(inputs.lists.size)) {
          for (let b = 0; b < inputs.lists.size; b++) out[b] = value(inputs.lists.items[b * inputs.lists.width]!);
          return out;
        },
      };
    },
  });
  // u2's list starts with i3 (catalog index 2)
  const plugin = definePlugin({
    meta: { name: 'bladerec-reward-bad', version: '0.0.1' },
    rewards: [
      bad('throws', (first) => (first === 2 ? (null as unknown as { x: number }).x : 0.5)),
      bad('nan', (first) => (first === 2 ? Number.NaN : 0.5)),
      bad('five', (first) => (first === 2 ? 5 : 0.5)),
    ],
  });
  const evalArgs = (metric: string) => [
    'eval',
    '--lists',
    'lists.jsonl',
    '--truth',
    'truth.jsonl',
    '--catalog',
    'catalog.json',
    '--metric',
    'ndcg@3',
    '--metric',
    metric,
  ];
  test.each([
    ['throws@3', "score threw: Cannot read properties of null (reading 'x')"],
    ['nan@3', 'returned NaN (declared range [0, 1])'],
    ['five@3', 'returned 5 (declared range [0, 1])'],
  ])('%s', async (metric, what) => {
    const message = oneLineError(await bladeInProcess(evalArgs(metric), fixtures, { plugins: [plugin] }));
    expect(message).toBe(`plugin bladerec-reward-bad, reward '${metric}', user "u2": ${what}`);
  });
});

describe('input files', () => {
  test('an empty lists file is an error, not "users 0"', async () => {
    const lists = write('empty.jsonl', '\n\n');
    const args = ['eval', '--lists', lists, '--truth', join(fixtures, 'truth.jsonl'), '--metric', 'ndcg@3'];
    expect(oneLineError(await bladeInProcess(args, dir))).toBe(
      `${lists}: the lists file is empty: expected one {"user", "items"} object per line`,
    );
  });
});

describe('history items outside the catalog', () => {
  const args = (truth: string, ...metrics: string[]) => [
    'eval',
    '--lists',
    'lists.jsonl',
    '--truth',
    truth,
    '--catalog',
    'catalog.json',
    ...metrics.flatMap((m) => ['--metric', m]),
    '--json',
  ];

  test('are dropped with a counted note when no metric reads histories', async () => {
    const r = await bladeInProcess(args('truth-history-unknown.jsonl', 'ndcg@3', 'ild@3'), fixtures);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)['users']).toBe(3);
    expect(r.stderr).toBe(
      'note: 2 history items are not in the catalog and were dropped (no metric here reads histories)\n',
    );
  });

  test('are an error, naming file, line and metric, when a metric reads histories', async () => {
    expect(oneLineError(await bladeInProcess(args('truth-history-unknown.jsonl', 'ndcg@3', 'mgu@3'), fixtures))).toBe(
      `${join(fixtures, 'truth-history-unknown.jsonl')}:1: history item "i99" is not in the catalog ${join(fixtures, 'catalog.json')}, and metric 'mgu@3' reads histories`,
    );
  });
});

describe("SPRec's MGU/DGU in one run: recommended genres of users with a valid target, history genres of everyone", () => {
  test("mgu/dgu with recommended=users-with-relevant on a fixture where u2's target is not in the catalog", async () => {
    // truth-sprec.jsonl: u2's target is outside the catalog, written as "relevant": [] (SPRec's invalid target).
    // gp over u1 [i1 i2 i3] and u3 [i2 i4 i6] only (drama, comedy, action): u1 (1.5, 1.5, 0) + u3 (0.5, 1.5, 1) = (2,
    // 3, 1) / 6;
    // gh over every history: i1 (1,0,0), i5 (½,0,½), i3 (0,1,0), i2 (½,½,0), i4 (0,0,1) = (2, 1.5, 1.5) / 5
    const gp = [2 / 6, 3 / 6, 1 / 6];
    const gh = [0.4, 0.3, 0.3];
    const d = gp.map((x, g) => x - gh[g]!);
    const metrics = [
      'mgu@3:recommended=users-with-relevant',
      'dgu@3:recommended=users-with-relevant',
      'mgu@3',
      'ndcg@3',
    ];
    const r = await bladeInProcess(
      [
        'eval',
        '--lists',
        'lists.jsonl',
        '--truth',
        'truth-sprec.jsonl',
        '--catalog',
        'catalog.json',
        ...metrics.flatMap((m) => ['--metric', m]),
        '--json',
      ],
      fixtures,
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, number>;
    expect(out[metrics[0]!]).toBeCloseTo(d.reduce((s, x) => s + Math.abs(x), 0) / 3, 12); // 2/15
    expect(out[metrics[1]!]).toBeCloseTo(Math.max(...d) - Math.min(...d), 12); // 1/3
    // pooling every user's list instead gives the plain MGU, which differs
    expect(Math.abs(out['mgu@3']! - out[metrics[0]!]!)).toBeGreaterThan(0.01);
    // NDCG counts u2 as 0 over all three users, as SPRec divides by len(test_data): u1 hits at rank 2
    expect(out['ndcg@3']).toBeCloseTo(1 / Math.log2(3) / 3, 12);
  });
});

describe('blade eval --per-user', () => {
  test('one JSON line per user with every list reward; the means are what eval prints', async () => {
    const out = join(dir, 'per-user.jsonl');
    const metrics = ['ndcg@3', 'mrr', 'gini@3'];
    const r = await bladeInProcess(
      [
        'eval',
        '--lists',
        'lists.jsonl',
        '--truth',
        'truth.jsonl',
        '--catalog',
        'catalog.json',
        ...metrics.flatMap((m) => ['--metric', m]),
        '--json',
        '--per-user',
        out,
      ],
      fixtures,
    );
    expect(r.code, r.stderr).toBe(0);
    const rows = readFileSync(out, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, number | string>);
    // u1 hits at rank 2, u2 at rank 4 (outside 3), u3 never; gini is a corpus metric: no per-user value
    const d2 = 1 / Math.log2(3);
    expect(rows).toEqual([
      { user: 'u1', 'ndcg@3': expect.closeTo(d2, 12), mrr: 0.5 },
      { user: 'u2', 'ndcg@3': 0, mrr: 0.25 },
      { user: 'u3', 'ndcg@3': 0, mrr: 0 },
    ]);
    const means = JSON.parse(r.stdout) as Record<string, number>;
    expect(means['mrr']).toBeCloseTo((0.5 + 0.25 + 0) / 3, 12);
  });
});
