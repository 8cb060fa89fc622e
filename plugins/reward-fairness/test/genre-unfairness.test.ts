import { CorpusMetricRegistry } from '@bladerec/core';
import { RewardTester } from '@bladerec/testkit';
import { describe, expect, it } from 'vitest';
import { dgu, genreUnfairnessReference, mgu } from '../src/internal.js';
import { CATALOG, THREE } from './fixtures.js';

const tester = new RewardTester({ numRuns: 100 });
const options = [{}, { k: 3 }, { attribute: 'group' as const, k: 5 }, { recommended: 'users-with-relevant' as const }];

tester.runCorpus(mgu, {
  options,
  reference: (corpus, o) => genreUnfairnessReference(corpus, o).mgu,
  cases: [
    // gp: item 0 → c0, item 1 → c1 → (½, ½); gh: [0], [0] → (1, 0); d = (−½, ½); MGU = (½ + ½)/2 = ½
    { name: 'two users, one genre each', lists: [[0], [1]], history: [[0], [0]], items: CATALOG, expected: 0.5 },
    // gp: item 2 (½, ½) + item 0 (1, 0) = (1.5, 0.5)/2 = (¾, ¼); gh: item 1 (0, 1) + item 2 (½, ½) = (¼, ¾);
    // d = (½, −½); MGU = ½
    { name: 'multi-genre items spread 1/|G(i)|', lists: [[2, 0]], history: [[1, 2]], items: CATALOG, expected: 0.5 },
    // 3 genres: gp: 0 twice, 1 once → (⅔, ⅓, 0); gh: (½, 0, ½); d = (⅙, ⅓, −½); MGU = (⅙ + ⅓ + ½)/3 = ⅓
    { name: 'three genres', lists: [[0, 1], [0]], history: [[2], [0]], items: THREE, expected: 1 / 3 },
    // no history mass → gh = catalog (½, ½); gp: (1,0) + (1,0) + (½,½) = (2.5, 0.5)/3 = (⅚, ⅙); d = (⅓, −⅓); MGU = ⅓
    {
      name: 'no history mass falls back to the catalog',
      lists: [[0], [0, 2]],
      history: [[], [3]],
      items: CATALOG,
      expected: 1 / 3,
    },
    // k = 2: [0, 0 | 1] → item 0 once → gp (1, 0); gh (0, 1); d = (1, −1); MGU = 1
    { name: 'cutoff and repeats', options: { k: 2 }, lists: [[0, 0, 1]], history: [[1]], items: CATALOG, expected: 1 },
    // all-zero: nothing recommended has a genre (empty, unknown, genre-less item) → range maximum 1
    {
      name: 'no recommended genre mass → 1',
      lists: [[], [-2], [3]],
      history: [[0], [1], [2]],
      items: CATALOG,
      expected: 1,
    },
    // recommendations matching the history exactly → 0
    { name: 'matching shares → 0', lists: [[0, 1]], history: [[2]], items: CATALOG, expected: 0 },
    // groups (Flower): gp: item 0 g0, items 1, 2 g1, item 3 none → (⅓, ⅔); gh: (½, ½); d = (−⅙, ⅙); MGU = ⅙
    {
      name: 'popularity groups',
      options: { attribute: 'group' },
      lists: [[0, 1, 3], [2]],
      history: [[0, 1], []],
      items: CATALOG,
      expected: 1 / 6,
    },
    // SPRec: gp only over users with a relevant catalog item (user 1 has none): gp = item 0 → (1, 0);
    // gh still pools both histories → (1, 0); d = 0 → MGU 0 (all users: ½, the first case)
    {
      name: "recommended: 'users-with-relevant' pools gp over users with a relevant item, gh over everyone",
      options: { recommended: 'users-with-relevant' },
      lists: [[0], [1]],
      history: [[0], [0]],
      relevant: [[0], []],
      items: CATALOG,
      expected: 0,
    },
    // user 0 has none: gp = item 1 → (0, 1); gh = items 0 and 1 → (½, ½); d = (−½, ½) → MGU ½
    {
      name: "'users-with-relevant': a user without a relevant item adds history only",
      options: { recommended: 'users-with-relevant' },
      lists: [[0], [1]],
      history: [[0], [1]],
      relevant: [[], [3]],
      items: CATALOG,
      expected: 0.5,
    },
  ],
  invalidOptions: [
    { options: { k: 0 }, path: 'options.k', rule: 'minimum' },
    { options: { recommended: 'valid' }, path: 'options.recommended', rule: 'enum' },
    { options: { attribute: 'genre' }, path: 'options.attribute' },
    { options: { reference: 'catalog' }, rule: 'additionalProperties' },
  ],
});

tester.runCorpus(dgu, {
  options,
  reference: (corpus, o) => genreUnfairnessReference(corpus, o).dgu,
  cases: [
    // d = (−½, ½) → DGU = ½ − (−½) = 1
    { name: 'two users, one genre each', lists: [[0], [1]], history: [[0], [0]], items: CATALOG, expected: 1 },
    // d = (⅙, ⅓, −½) → DGU = ⅓ + ½ = ⅚
    { name: 'three genres', lists: [[0, 1], [0]], history: [[2], [0]], items: THREE, expected: 5 / 6 },
    // d = (⅓, −⅓) → ⅔
    {
      name: 'no history mass falls back to the catalog',
      lists: [[0], [0, 2]],
      history: [[], [3]],
      items: CATALOG,
      expected: 2 / 3,
    },
    // all-zero: → range maximum 2
    { name: 'no recommended genre mass → 2', lists: [[], [-2, 3]], history: [[0], [1]], items: CATALOG, expected: 2 },
    // one genre only: gp = gh = (1) → 0
    {
      name: 'single genre → 0',
      lists: [[0, 1]],
      history: [[1]],
      items: {
        numItems: 2,
        categories: { offsets: Int32Array.from([0, 1, 2]), values: Int32Array.from([0, 0]), count: 1 },
      },
      expected: 0,
    },
    // groups: d = (−⅙, ⅙) → ⅓
    {
      name: 'popularity groups',
      options: { attribute: 'group' },
      lists: [[0, 1, 3], [2]],
      history: [[0, 1], []],
      items: CATALOG,
      expected: 1 / 3,
    },
  ],
  invalidOptions: [{ options: { k: -1 }, path: 'options.k', rule: 'minimum' }],
});

describe('mgu and dgu instances', () => {
  const registry = new CorpusMetricRegistry([mgu, dgu]);
  it('require the attribute and the histories; range and alias', () => {
    const m = registry.create('mgu@20');
    expect(m.meta).toMatchObject({
      name: 'mgu@20',
      cutoff: 20,
      range: [0, 1],
      requires: ['categories', 'history'],
      higherIsBetter: false,
    });
    const d = registry.create('dgu', { attribute: 'group' });
    expect(d.meta).toMatchObject({ name: 'dgu@10', range: [0, 2], requires: ['groups', 'history'] });
  });
});
