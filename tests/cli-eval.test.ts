import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createAjv } from '@bladerec/core/internal';
import diversity from '@bladerec/reward-diversity';
import fairness from '@bladerec/reward-fairness';
import ndcg from '@bladerec/reward-ndcg';
import recall from '@bladerec/reward-recall';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bladeInProcess } from './support/in-process.js';

// End-to-end tests of `blade eval`, `blade plugins list` and `blade schema`, including third-party
// plugin loading with the example plugin in examples/bladerec-reward-novelty. The fixture
// (tests/fixtures/eval) is small enough that every expected value below is computed by hand from it.
//
// Most cases run the program in-process (`runBlade`, the same code the binary runs): the process
// boundary adds nothing to them, and many concurrent node processes time out on a busy machine. The
// cases that are about the process (exit codes, stdout/stderr of the built binary, plugin loading
// from a project's node_modules by a fresh node) spawn the built binary, one process at a time, with
// a timeout derived from the start-up time measured when this file loads.
const root = join(import.meta.dirname, '..');
const bin = join(root, 'packages/cli/dist/bundle/blade.js'); // the published bin (package.json)
const fixtures = join(root, 'tests/fixtures/eval');
const fx = (name: string) => join(fixtures, name);
const novelty = join(root, 'examples/bladerec-reward-novelty');
const run = promisify(execFile);
let project: string; // a user's project: node_modules holds (links to) plugin packages
let emptyProject: string; // a project with no plugins installed

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `blade <args>` in this process (see the note at the top). */
const blade = (args: readonly string[], cwd = fixtures): Promise<Result> => bladeInProcess(args, cwd);

/** Runs the built binary in a node process of its own. */
async function spawnBlade(args: readonly string[], cwd = fixtures): Promise<Result> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', CI: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** A user error: exit 1, nothing on stdout, exactly one stderr line `blade: error: <message>`, no stack trace. */
function expectOneLineError(r: Result, message: string | RegExp): void {
  expect(r.code, r.stderr).toBe(1);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n');
  expect(lines, r.stderr).toHaveLength(2); // one line and its newline
  expect(lines[1]).toBe('');
  const [line] = lines as [string];
  expect(line).not.toMatch(/\bat .*:\d+:\d+\)?$/);
  if (typeof message === 'string') expect(line).toBe(`blade: error: ${message}`);
  else {
    expect(line.startsWith('blade: error: '), line).toBe(true);
    expect(line.slice('blade: error: '.length)).toMatch(message);
  }
}

/**
 * The time budget of a test that spawns `processes` node processes one after another: 20 times the
 * start-up of `blade --version` measured when this file loads (so a busy machine gets a larger
 * budget), and at least 30 s.
 */
const startupMs = (() => {
  if (!existsSync(bin)) return 1000; // beforeAll reports the missing build
  const t0 = performance.now();
  execFileSync(process.execPath, [bin, '--version'], { env: { ...process.env, CI: '1' } });
  return performance.now() - t0;
})();
const budget = (processes: number) => Math.max(30_000, Math.ceil(processes * 20 * startupMs));

const json = (r: Result): Record<string, number> => {
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, number>;
};

beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`pnpm build\` first (pnpm test does)`);
  if (!existsSync(join(novelty, 'dist/index.js')))
    throw new Error(`${novelty}/dist is missing: run \`pnpm build\` first`);
  project = mkdtempSync(join(tmpdir(), 'bladerec-cli-eval-'));
  mkdirSync(join(project, 'node_modules/@acme'), { recursive: true });
  symlinkSync(novelty, join(project, 'node_modules/bladerec-reward-novelty'), 'dir');
  symlinkSync(novelty, join(project, 'node_modules/@acme/bladerec-reward-novelty'), 'dir');
  symlinkSync(fx('bladerec-reward-broken'), join(project, 'node_modules/bladerec-reward-broken'), 'dir');
  emptyProject = mkdtempSync(join(tmpdir(), 'bladerec-cli-eval-empty-'));
});
afterAll(() => {
  rmSync(project, { recursive: true, force: true });
  rmSync(emptyProject, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Hand computation for the fixture.
//
// catalog.json (6 items):        categories          group  embedding  popularity
//   i1                            drama               head   (1, 0)     15
//   i2                            drama, comedy       head   (0, 1)      7
//   i3                            comedy              head   (1, 1)      3
//   i4                            action              tail   (−1, 0)     1
//   i5                            action, drama       tail   (0, −2)     0
//   i6                            comedy              tail   (3, 4)      0
// lists.jsonl:  u1 [i1 i2 i3 i4]   u2 [i3 i5 i1 i6]   u3 [i2 i4 i6 i1]
// truth.jsonl:  u1 relevant i2, history i1 i5;  u2 relevant i6, history i3;  u3 relevant i5, history i2 i4
// truth-graded.jsonl: u1 {i2: 3, i4: 1, i5: 2};  u2 {i1: 1, i3: 0};  u3 [i4, i1] (grade 1 each)
// ---------------------------------------------------------------------------------------------
const d2 = 1 / Math.log2(3); // discount of rank 2 = exposure weight of slot 2
const d4 = 1 / Math.log2(5); // discount of rank 4
const mean = (...xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const kl = (p: number[], q: number[]) =>
  p.reduce((s, x, g) => (x > 0 ? s + x * Math.log(x / (0.99 * q[g]! + 0.01 * x)) : s), 0);
const tv = (p: number[], q: number[]) => 0.5 * p.reduce((s, x, g) => s + Math.abs(x - q[g]!), 0);

const single: Record<string, number> = {
  // single target, IDCG = 1: u1 hits at rank 2, u2 at rank 4 (> 3), u3 never
  'ndcg@3': mean(d2, 0, 0),
  // default k = 10 > list length 4: u2's hit at rank 4 now counts
  ndcg: mean(d2, d4, 0),
  'recall@3': mean(1, 0, 0),
  'hr@3': mean(1, 0, 0),
  'mrr@3': mean(1 / 2, 0, 0),
  mrr: mean(1 / 2, 1 / 4, 0),
  'precision@3': mean(1 / 3, 0, 0),
  // precision divides by k = 10 even though the lists hold 4 items
  precision: mean(1 / 10, 1 / 10, 0),
  // unit vectors: i1 (1,0), i2 (0,1), i3 (1,1)/√2, i4 (−1,0), i5 (0,−1), i6 (0.6,0.8); d = 1 − cos
  // u1 {i1,i2,i3}: 1, 1 − 1/√2, 1 − 1/√2;  u2 {i3,i5,i1}: 1 + 1/√2, 1 − 1/√2, 1;  u3 {i2,i4,i6}: 1, 1 − 0.8, 1 + 0.6
  'ild@3': mean((3 - Math.SQRT2) / 3, 3 / 3, 2.8 / 3),
  // Jaccard on categories: u1 (i1,i2) 1/2, (i1,i3) 1, (i2,i3) 1/2; u2 (i3,i5) 1, (i3,i1) 1, (i5,i1) 1/2;
  // u3 (i2,i4) 1, (i2,i6) 1/2, (i4,i6) 1
  'ild@3:distance=jaccard': mean(2 / 3, 2.5 / 3, 2.5 / 3),
  // total variation between the position-weighted category shares (weights 1, d2, 1/2; an item spreads
  // its weight evenly over its categories) of the top 3 and the user's history shares; [drama, comedy, action]
  'exposure-gap@3': mean(
    tv([(1 + d2 / 2) / (1.5 + d2), (d2 / 2 + 0.5) / (1.5 + d2), 0], [0.75, 0, 0.25]),
    tv([(d2 / 2 + 0.5) / (1.5 + d2), 1 / (1.5 + d2), d2 / 2 / (1.5 + d2)], [0, 1, 0]),
    tv([0.5 / (1.5 + d2), 1 / (1.5 + d2), d2 / (1.5 + d2)], [0.25, 0.25, 0.5]),
  ),
  // pooled top-3 category mass: drama 3.5, comedy 4, action 1.5 (of 9); pooled history: drama 2,
  // comedy 1.5, action 1.5 (of 5); d = (3.5/9 − 0.4, 4/9 − 0.3, 1.5/9 − 0.3)
  'mgu@3': mean(Math.abs(3.5 / 9 - 0.4), Math.abs(4 / 9 - 0.3), Math.abs(1.5 / 9 - 0.3)),
  'dgu@3': 4 / 9 - 0.3 - (1.5 / 9 - 0.3),
  // position exposure of the whole lists: head = (1 + d2 + 1/2) + (1 + 1/2) + (1 + d4), tail = d4 + (d2 + d4) + (d2 +
  // 1/2);
  // catalog shares are 1/2 each, so mean |Exp(g) − 1/2| over the two groups = |Exp(head) − 1/2|
  'exposure-disparity': Math.abs((4 + d2 + d4) / (4.5 + 3 * d2 + 3 * d4) - 0.5),
  // top-3 counts: i1 2, i2 2, i3 2, i4 1, i5 1, i6 1 → sorted 1,1,1,2,2,2; Σ (2i − 7) P_(i) / (6 · 9)
  'gini@3': (-5 - 3 - 1 + 2 * (1 + 3 + 5)) / (6 * 9),
  // top 2: {i1,i2}, {i3,i5}, {i2,i4} → 5 distinct of 6 catalog items
  'coverage@2': 5 / 6,
  // top 3 cover all 6 items, over K · users = 9
  'div-ratio@3': 6 / 9,
  // whole lists: i1 in 3 lists, then i2, i3, i4, i6 in 2 → top three counts 3 + 2 + 2, over 4 · 3
  'or-ratio@4': 7 / 12,
  // AP@3 = 1/p for a single target at p ≤ 3: u1 1/2; F1@3 = 2·hits / (3 + |R|): u1 2/4
  'map@3': mean(1 / 2, 0, 0),
  'f1@3': mean(2 / 4, 0, 0),
  // |R| = 1: the first item is never the target
  'r-precision': 0,
  // popularity 15, 7, 3, 1, 0, 0: top 3 means 25/3, 18/3, 8/3
  'arp@3': mean(25 / 3, 18 / 3, 8 / 3),
  // tail 0.1 of 6 items → the least popular one, popularity ≤ 0, ties included: i5, i6
  'tail-share@3': mean(0, 1 / 3, 1 / 3),
  // α = 1: 1, 2, 3, 4, 5, 5 bits for i1 … i6
  'self-information@3': mean(2, 3, 11 / 3),
  // top-3 counts 2, 2, 2, 1, 1, 1 of 9; RecBole divides by the 6 distinct items
  'entropy@3': ((6 / 9) * Math.log(9 / 2) + (3 / 9) * Math.log(9)) / 6,
  // Steck: KL(history ‖ 0.99·list + 0.01·history) over (drama, comedy, action), uniform slot weights
  'calibration@3': mean(
    kl([0.75, 0, 0.25], [0.5, 0.5, 0]),
    kl([0, 1, 0], [0.5, 1 / 3, 1 / 6]),
    kl([0.25, 0.25, 0.5], [1 / 6, 1 / 2, 1 / 3]),
  ),
};

describe('blade eval', () => {
  const metrics = Object.keys(single);
  const metricFlags = metrics.flatMap((m) => ['--metric', m]);
  const base = ['eval', '--lists', 'lists.jsonl', '--truth', 'truth.jsonl', '--catalog', 'catalog.json'];

  test('--json: exactly the metric names as given plus "users", with the hand-computed values', async () => {
    const r = await blade([...base, ...metricFlags, '--json']);
    expect(r.stderr).toBe('');
    const out = json(r);
    expect(Object.keys(out)).toEqual([...metrics, 'users']);
    expect(out['users']).toBe(3);
    for (const m of metrics) expect(out[m], m).toBeCloseTo(single[m]!, 12);
  });

  test('table: one row per metric in the order given, 4 decimals, then the user count', async () => {
    const r = await blade([...base, ...metricFlags]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const rows = r.stdout
      .trimEnd()
      .split('\n')
      .map((line) => line.split(/\s{2,}/));
    expect(rows[0]).toEqual(['metric', 'value']);
    expect(rows.slice(1, -1)).toEqual(metrics.map((m) => [m, single[m]!.toFixed(4)]));
    expect(rows.at(-1)).toEqual(['users', '3']);
  });

  test('graded relevance given as an object (and as an array), linear and exponential gain', async () => {
    const r = await blade([
      'eval',
      '--lists',
      'lists.jsonl',
      '--truth',
      'truth-graded.jsonl',
      '--metric',
      'ndcg@3',
      '--metric',
      'ndcg@3:gain=exp',
      '--metric',
      'recall@3',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    const out = json(r);
    // u1: i2 (grade 3) at rank 2; ideal order 3, 2, 1. u2: i3 has grade 0 (not relevant), i1 (1) at
    // rank 3, IDCG = 1. u3: binary [i4, i1]; i4 at rank 2, i1 at rank 4 is outside k = 3.
    expect(out['ndcg@3']).toBeCloseTo(mean((3 * d2) / (3 + 2 * d2 + 1 / 2), 1 / 2, d2 / (1 + d2)), 12);
    // exponential gain 2^g − 1: grades 3, 2, 1 → 7, 3, 1
    expect(out['ndcg@3:gain=exp']).toBeCloseTo(mean((7 * d2) / (7 + 3 * d2 + 1 / 2), 1 / 2, d2 / (1 + d2)), 12);
    // recall binarises: u1 finds 1 of {i2, i4, i5}, u2 1 of {i1}, u3 1 of {i4, i1}
    expect(out['recall@3']).toBeCloseTo(mean(1 / 3, 1, 1 / 2), 12);
    expect(Object.keys(out)).toEqual(['ndcg@3', 'ndcg@3:gain=exp', 'recall@3', 'users']);
  });

  test('list items outside the catalog are unknown items (position kept) and are reported on stderr', async () => {
    // u1 [i9 i2 i3]: target i2 at rank 2; u2 [i3 i7 i6]: target i6 at rank 3; u3 has truth but no list
    const args = [
      'eval',
      '--lists',
      'lists-unknown-items.jsonl',
      '--truth',
      'truth.jsonl',
      '--metric',
      'ndcg@3',
      '--metric',
      'mrr@3',
      '--json',
    ];
    const [withCatalog, without] = await Promise.all([blade([...args, '--catalog', 'catalog.json']), blade(args)]);
    expect(json(withCatalog)).toEqual({
      'ndcg@3': expect.closeTo(mean(d2, 1 / 2), 12),
      'mrr@3': expect.closeTo(mean(1 / 2, 1 / 3), 12),
      users: 2,
    });
    expect(withCatalog.stderr.split('\n')).toEqual([
      'note: 2 list items are not in the catalog (scored as unknown items: no gain, position kept)',
      'note: 1 truth users have no list and are not evaluated',
      '',
    ]);
    // without a catalog the item space is every id in the two files: the same scores, no unknown items
    expect(json(without)).toEqual(json(withCatalog));
    expect(without.stderr).toBe('note: 1 truth users have no list and are not evaluated\n');
  });

  test("usage errors exit 2 with commander's message", async () => {
    const [missing, unknown] = await Promise.all([
      blade(['eval', '--lists', 'lists.jsonl', '--metric', 'ndcg@10']),
      blade(['eval', '--lists', 'lists.jsonl', '--truth', 'truth.jsonl', '--metric', 'ndcg', '--metrics', 'x']),
    ]);
    for (const r of [missing, unknown]) {
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toMatch(/blade: error|\bat .*:\d+:\d+/);
    }
    expect(missing.stderr).toMatch(/^error: required option '--truth <jsonl>' not specified\n/);
    expect(unknown.stderr).toMatch(/^error: unknown option '--metrics'\n/);
  });
});

const known =
  'arp, calibration, coverage, dgu, div-ratio, entropy, exposure-disparity, exposure-gap, f1, gini, group-exposure, hr, ild, map, mgu, mrr, ndcg, or-ratio, precision, r-precision, recall, self-information, tail-share';
const ids = fx('catalog-ids-only.jsonl');
const evalArgs = (lists: string, truth: string, ...rest: string[]) => [
  'eval',
  '--lists',
  lists,
  '--truth',
  truth,
  '--metric',
  'ndcg@3',
  ...rest,
];
const withCatalog = (catalog: string) => evalArgs('lists.jsonl', 'truth.jsonl', '--catalog', catalog);
const withMetric = (...metric: string[]) =>
  evalArgs('lists.jsonl', 'truth.jsonl', ...metric.flatMap((m) => ['--metric', m]));
const needs = (metric: string, catalog?: string) => [
  'eval',
  '--lists',
  'lists.jsonl',
  '--truth',
  'truth.jsonl',
  '--metric',
  'ndcg',
  '--metric',
  metric,
  ...(catalog ? ['--catalog', catalog] : []),
];

/** [what, arguments, the error message after `blade: error: `]; every case runs in-process. */
const badInput: Array<[string, string[], string | RegExp]> = [
  [
    'malformed JSON line',
    evalArgs('lists-malformed.jsonl', 'truth.jsonl'),
    new RegExp(`^${fx('lists-malformed.jsonl')}:2: malformed JSON \\(.+\\)$`),
  ],
  [
    'a list without a user',
    evalArgs('lists-no-user.jsonl', 'truth.jsonl'),
    `${fx('lists-no-user.jsonl')}:2: "user" must be a non-empty string`,
  ],
  // line 2 is blank (skipped), so the unknown user sits on line 3
  [
    'a list whose user has no truth row',
    evalArgs('lists-unknown-user.jsonl', 'truth.jsonl'),
    `${fx('lists-unknown-user.jsonl')}:3: user "u9" has no truth row in ${fx('truth.jsonl')}`,
  ],
  [
    'duplicate users in lists',
    evalArgs('lists-duplicate-user.jsonl', 'truth.jsonl'),
    `${fx('lists-duplicate-user.jsonl')}:3: duplicate list for user "u1"`,
  ],
  [
    'duplicate users in truth',
    evalArgs('lists.jsonl', 'truth-duplicate-user.jsonl'),
    `${fx('truth-duplicate-user.jsonl')}:3: duplicate truth row for user "u2"`,
  ],
  [
    'a negative relevance grade',
    evalArgs('lists.jsonl', 'truth-bad-grade.jsonl'),
    `${fx('truth-bad-grade.jsonl')}:2: "relevant" grade of "i1" must be a non-negative number`,
  ],
  [
    'a truth item outside the catalog',
    evalArgs('lists.jsonl', 'truth-unknown-item.jsonl', '--catalog', 'catalog.json'),
    `${fx('truth-unknown-item.jsonl')}:3: relevant item "i42" is not in the catalog ${fx('catalog.json')}`,
  ],
  ['a missing catalog file', withCatalog('nowhere.json'), `${fx('nowhere.json')}: cannot read (ENOENT)`],
  [
    'a malformed catalog line',
    withCatalog('catalog-malformed.jsonl'),
    new RegExp(`^${fx('catalog-malformed.jsonl')}:3: malformed JSON \\(.+\\)$`),
  ],
  [
    'a duplicate catalog id',
    withCatalog('catalog-duplicate-id.json'),
    `${fx('catalog-duplicate-id.json')}: items[2]: duplicate item id "i1"`,
  ],
  [
    'a catalog without items',
    withCatalog('catalog-no-items.json'),
    `${fx('catalog-no-items.json')}: expected an object with an "items" array`,
  ],
  [
    'a metric that needs embeddings',
    needs('ild', ids),
    `metric 'ild' needs catalog "embedding", but the catalog ${ids} has none`,
  ],
  [
    'a metric that needs categories',
    needs('ild@5:distance=jaccard', ids),
    `metric 'ild@5:distance=jaccard' needs catalog "categories", but the catalog ${ids} has none`,
  ],
  [
    'a metric that needs a catalog',
    needs('mgu'),
    `metric 'mgu' needs catalog "categories", but no --catalog was given`,
  ],
  [
    'an unknown metric close to a known one',
    withMetric('ndcgg@10'),
    `unknown metric 'ndcgg@10' (did you mean ndcg? known: ${known}; load more with --plugin)`,
  ],
  [
    'a malformed metric name',
    withMetric('NDCG@10'),
    `'NDCG@10' is not a metric name (expected id, id@N or namespace/id@N, e.g. ndcg@10)`,
  ],
  [
    'invalid metric options',
    withMetric('recall@0'),
    `metric 'recall@0' options.k: must be >= 1 (rule: minimum, plugin: @bladerec/reward-recall)`,
  ],
  [
    'an option outside its allowed values',
    withMetric('ndcg@5:gain=log'),
    `metric 'ndcg@5' options.gain: must be one of 'linear', 'exp' (rule: enum, plugin: @bladerec/reward-ndcg)`,
  ],
  [
    'an option that contradicts the alias',
    withMetric('gini@3:k=4'),
    `metric 'gini@3' options.k: conflicts with 'gini@3' (4 vs 3) (rule: alias, plugin: @bladerec/reward-fairness)`,
  ],
  [
    'a malformed metric option',
    withMetric('ild:distance'),
    `--metric ild:distance: expected name:key=value[,key=value…], e.g. ild@10:distance=jaccard`,
  ],
  ['a metric given twice', withMetric('ndcg@3'), `--metric ndcg@3 is given twice`],
  [
    'an unknown plugin',
    evalArgs('lists.jsonl', 'truth.jsonl', '--plugin', 'nosuch'),
    `plugin 'nosuch' not found (tried @bladerec/reward-nosuch, bladerec-reward-nosuch, bladerec-plugin-nosuch, nosuch)`,
  ],
];

describe('blade eval: bad input is one line naming file and line, exit 1', () => {
  test.each(badInput)('%s', async (_what, args, message) => {
    expectOneLineError(await blade(args), message);
  });
});

describe('third-party plugins: examples/bladerec-reward-novelty', () => {
  // popularity 15, 7, 3, 1, 0, 0 with α = 1: p = 16/32, 8/32, 4/32, 2/32, 1/32, 1/32, so items i1…i6
  // carry 1, 2, 3, 4, 5, 5 bits; top 3: u1 {i1,i2,i3} → 2, u2 {i3,i5,i1} → 3, u3 {i2,i4,i6} → 11/3
  const expected = mean(2, 3, 11 / 3);
  const noveltyEval = (...rest: string[]) => [
    'eval',
    '--lists',
    fx('lists.jsonl'),
    '--truth',
    fx('truth.jsonl'),
    '--catalog',
    fx('catalog.json'),
    '--metric',
    'novelty@3',
    '--metric',
    'ndcg@3',
    '--json',
    ...rest,
  ];

  test('loads by path (a package folder)', async () => {
    const out = json(await blade(noveltyEval('--plugin', './examples/bladerec-reward-novelty'), root));
    expect(out).toEqual({
      'novelty@3': expect.closeTo(expected, 12),
      'ndcg@3': expect.closeTo(single['ndcg@3']!, 12),
      users: 3,
    });
  });

  test("loads by short name through the prefix convention, from the project's node_modules", async () => {
    const [short, scoped, notInstalled] = await Promise.all([
      blade(noveltyEval('--plugin', 'novelty'), project),
      // with a scope: @acme/novelty → @acme/bladerec-reward-novelty
      blade(noveltyEval('--plugin', '@acme/novelty'), project),
      // the same request fails where the package is not installed
      blade(noveltyEval('--plugin', 'novelty'), emptyProject),
    ]);
    expect(json(short)['novelty@3']).toBeCloseTo(expected, 12);
    expect(json(scoped)['novelty@3']).toBeCloseTo(expected, 12);
    expectOneLineError(
      notInstalled,
      `plugin 'novelty' not found (tried @bladerec/reward-novelty, bladerec-reward-novelty, bladerec-plugin-novelty, novelty)`,
    );
  });

  test('plugins list shows the plugin, where it came from and its reward', async () => {
    const r = await blade(['plugins', 'list', '--plugin', 'novelty', '--json'], project);
    expect(r.code, r.stderr).toBe(0);
    const { plugins } = JSON.parse(r.stdout) as {
      plugins: Array<{
        name: string;
        version: string;
        source: string;
        rewards: Array<{ id: string; alias?: string; higherIsBetter: boolean }>;
      }>;
    };
    expect(plugins.at(-1)).toMatchObject({
      name: 'bladerec-reward-novelty',
      version: '0.1.0',
      namespace: 'novelty',
      source: 'novelty',
      rewards: [{ id: 'novelty', alias: 'novelty@N', higherIsBetter: true }],
      corpusMetrics: [],
    });
  });

  test('the metric needs catalog popularity', async () => {
    const ids = fx('catalog-ids-only.jsonl');
    expectOneLineError(
      await blade(
        [
          'eval',
          '--plugin',
          'novelty',
          '--lists',
          fx('lists.jsonl'),
          '--truth',
          fx('truth.jsonl'),
          '--catalog',
          ids,
          '--metric',
          'novelty',
        ],
        project,
      ),
      `metric 'novelty' needs catalog "popularity", but the catalog ${ids} has none`,
    );
  });

  test('a package that does not default-export a plugin object is refused', async () => {
    const message = (request: string, candidate: string) =>
      `plugin '${request}' (${candidate}) does not default-export a plugin object ({ meta: { name, version }, rewards, corpusMetrics, containerModule }); build it with definePlugin()`;
    const [byName, byPath, unbuilt] = await Promise.all([
      blade(['plugins', 'list', '--plugin', 'broken'], project),
      blade(['plugins', 'list', '--plugin', './bladerec-reward-broken']),
      blade(['plugins', 'list', '--plugin', './bladerec-reward-unbuilt']),
    ]);
    expectOneLineError(byName, message('broken', 'bladerec-reward-broken'));
    expectOneLineError(byPath, message('./bladerec-reward-broken', './bladerec-reward-broken'));
    expectOneLineError(
      unbuilt,
      `plugin './bladerec-reward-unbuilt': the package's entry point ${fx('bladerec-reward-unbuilt/dist/index.js')} does not exist (is the package built?)`,
    );
  });
});

describe('third-party plugins that exist but cannot load', () => {
  test('a plugin whose own import is missing names that import, not "not found"', async () => {
    const pkg = join(project, 'node_modules/bladerec-reward-needs-dep');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(
      join(pkg, 'package.json'),
      JSON.stringify({ name: 'bladerec-reward-needs-dep', version: '0.1.0', type: 'module', exports: './index.js' }),
    );
    writeFileSync(join(pkg, 'index.js'), "import 'bladerec-missing-dep';\nexport default {};\n");
    const reason = `cannot find module 'bladerec-missing-dep' imported from ${join(pkg, 'index.js')}`;
    const [byName, byPath] = await Promise.all([
      blade(['plugins', 'list', '--plugin', 'needs-dep'], project),
      blade(['plugins', 'list', '--plugin', './node_modules/bladerec-reward-needs-dep'], project),
    ]);
    expectOneLineError(byName, `plugin 'needs-dep' (bladerec-reward-needs-dep) failed to load: ${reason}`);
    expectOneLineError(
      byPath,
      `plugin './node_modules/bladerec-reward-needs-dep' (./node_modules/bladerec-reward-needs-dep) failed to load: ${reason}`,
    );
  });
});

describe('blade plugins list and blade schema', () => {
  const builtins = [ndcg, recall, fairness, diversity];

  test('plugins list --json: the built-in reward plugins with their rewards and corpus metrics', async () => {
    const r = await blade(['plugins', 'list', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const { plugins } = JSON.parse(r.stdout) as {
      plugins: Array<{
        name: string;
        source: string;
        rewards: Array<{ id: string }>;
        corpusMetrics: Array<{ id: string }>;
      }>;
    };
    expect(plugins.every((p) => p.source === '(built-in)')).toBe(true);
    const ids = (list: Array<{ id: string }>) => list.map((x) => x.id);
    const contributions = builtins
      .map((b) => plugins.find((p) => p.name === b.meta.name))
      .map((p) => p && [ids(p.rewards), ids(p.corpusMetrics)]);
    expect(contributions).toEqual([
      [['ndcg'], []],
      [['f1', 'hr', 'map', 'mrr', 'precision', 'r-precision', 'recall'], []],
      [
        ['calibration', 'exposure-gap'],
        ['dgu', 'exposure-disparity', 'gini', 'group-exposure', 'mgu'],
      ],
      [
        ['arp', 'ild', 'self-information', 'tail-share'],
        ['coverage', 'div-ratio', 'entropy', 'or-ratio'],
      ],
    ]);
  });

  test('plugins list: a table with one row per reward and corpus metric', async () => {
    const r = await blade(['plugins', 'list']);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout
      .trimEnd()
      .split('\n')
      .map((line) => line.split(/\s{2,}/).slice(0, 3));
    expect(rows[0]).toEqual(['plugin', 'kind', 'id']);
    expect(rows).toContainEqual(['@bladerec/reward-ndcg@0.1.0', 'reward', 'ndcg@N']);
    expect(rows).toContainEqual(['@bladerec/reward-fairness@0.1.0', 'corpus', 'gini@N']);
    expect(rows.filter((row) => row[1] === 'reward')).toHaveLength(14);
    expect(rows.filter((row) => row[1] === 'corpus')).toHaveLength(9);
  });

  test("schema: valid JSON Schema that ajv compiles, with every reward's option schema under $defs", async () => {
    const r = await blade(['schema']);
    expect(r.code, r.stderr).toBe(0);
    const schema = JSON.parse(r.stdout) as { $defs: Record<string, unknown>; properties: Record<string, unknown> };
    // as an editor validates: nothing filled in, so defaulted fields must not be required
    const validate = createAjv({ useDefaults: false }).compile(schema);
    for (const plugin of builtins) {
      for (const [id, definition] of Object.entries(plugin.rewards)) {
        // every built-in option has a default, so none is required
        const { required: _required, ...published } = JSON.parse(JSON.stringify(definition.meta.schema)) as Record<
          string,
          unknown
        >;
        expect(schema.$defs[`reward-options.${id}`], id).toEqual(published);
      }
    }
    const rewardDefs = Object.keys(schema.$defs).filter((k) => k.startsWith('reward-options.'));
    expect(rewardDefs.sort()).toEqual(
      builtins
        .flatMap((p) => Object.keys(p.rewards))
        .map((id) => `reward-options.${id}`)
        .sort(),
    );
    const good = {
      $schema: './config.schema.json',
      objective: {
        terms: [
          'ndcg@10',
          { reward: 'ild', weight: 0.5, options: { distance: 'jaccard' } },
          { reward: 'exposure-gap@5', weight: -1 },
        ],
      },
    };
    expect(validate(good), JSON.stringify(validate.errors)).toBe(true);
    const minimal = [
      { objective: { terms: [{ reward: 'ndcg@10' }] } },
      { objective: { terms: [{ reward: 'ild', options: { distance: 'jaccard' } }] } },
      { sft: { targets: 'last' } },
    ];
    for (const document of minimal)
      expect(validate(document), `${JSON.stringify(document)}: ${JSON.stringify(validate.errors)}`).toBe(true);
    expect(validate({ objective: { terms: [{ weight: 1 }] } })).toBe(false); // `reward` has no default
    expect(validate({ objective: { terms: [{ reward: 'ndcg', options: { k: 0 } }] } })).toBe(false);
    expect(validate({ objective: { terms: [{ reward: 'ild', options: { distance: 'euclidean' } }] } })).toBe(false);
    expect(validate({ objective: { terms: [] } })).toBe(false);
    expect(validate({ objectives: {} })).toBe(false);
  });

  test("schema --plugin adds the plugin's option schema", async () => {
    const r = await blade(['schema', '--plugin', './examples/bladerec-reward-novelty'], root);
    expect(r.code, r.stderr).toBe(0);
    const schema = JSON.parse(r.stdout) as { $defs: Record<string, { properties?: Record<string, unknown> }> };
    expect(Object.keys(schema.$defs['reward-options.novelty']!.properties!)).toEqual(['k', 'smoothing']);
    const validate = createAjv({ useDefaults: false }).compile(schema);
    expect(validate({ objective: { terms: [{ reward: 'novelty@5', weight: 0.1 }] } })).toBe(true);
    expect(validate({ objective: { terms: [{ reward: 'novelty', options: { smoothing: 0 } }] } })).toBe(false);
  });
});

describe('the built binary: exit codes and streams of a real process (one process at a time)', () => {
  const base = [
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
    'gini@3',
  ];

  test(
    'prints what the in-process program prints, exit 0',
    async () => {
      const [spawned, inProcess] = [await spawnBlade([...base, '--json']), await blade([...base, '--json'])];
      expect(spawned).toEqual(inProcess);
      expect(json(spawned)).toEqual({
        'ndcg@3': expect.closeTo(single['ndcg@3']!, 12),
        'gini@3': expect.closeTo(single['gini@3']!, 12),
        users: 3,
      });
    },
    budget(1),
  );

  test(
    'bad input: exit 1 and one stderr line; a usage error: exit 2',
    async () => {
      expectOneLineError(
        await spawnBlade(['eval', '--lists', 'lists-no-user.jsonl', '--truth', 'truth.jsonl', '--metric', 'ndcg']),
        `${fx('lists-no-user.jsonl')}:2: "user" must be a non-empty string`,
      );
      const usage = await spawnBlade(['eval', '--lists', 'lists.jsonl', '--metric', 'ndcg@10']);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toMatch(/^error: required option '--truth <jsonl>' not specified\n/);
    },
    budget(2),
  );

  test(
    "a fresh node process loads a plugin by short name from the project's node_modules",
    async () => {
      const r = await spawnBlade(
        [
          'eval',
          '--plugin',
          'novelty',
          '--lists',
          fx('lists.jsonl'),
          '--truth',
          fx('truth.jsonl'),
          '--catalog',
          fx('catalog.json'),
          '--metric',
          'novelty@3',
          '--json',
        ],
        project,
      );
      expect(json(r)['novelty@3']).toBeCloseTo(mean(2, 3, 11 / 3), 12);
    },
    budget(1),
  );
});
