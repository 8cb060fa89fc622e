import {
  csrFromArrays,
  type ItemSide,
  listBatchFromArrays,
  PAD_ITEM,
  type RelevanceBatch,
  type RewardInput,
  type RewardInputs,
} from '@bladerec/core';

/**
 * A small evaluation problem in plain arrays, easy to transform (permute, relabel, pad) before it is
 * packed into {@link RewardInputs} with {@link toInputs}.
 */
export interface Scenario {
  readonly numItems: number;
  /** Ranked lists; ids in `0 … numItems−1` or `UNKNOWN_ITEM` (−2); no padding. */
  readonly lists: readonly (readonly number[])[];
  /** Extra padding columns beyond the longest list. */
  readonly extraPad: number;
  /** Relevant items (distinct) and their grades, per list. */
  readonly relevant: readonly ReadonlyMap<number, number>[];
  /** History items per list. */
  readonly history: readonly (readonly number[])[];
  readonly categories: { readonly count: number; readonly ofItem: readonly (readonly number[])[] };
  /** Group of each item, −1 for none. */
  readonly groups: { readonly count: number; readonly of: readonly number[] };
  readonly embeddings: { readonly dim: number; readonly data: readonly (readonly number[])[] };
  readonly popularity: readonly number[];
}

/** The example a slow reference implementation scores: one list and its judgments. */
export interface ReferenceExample {
  readonly list: readonly number[];
  readonly relevant: ReadonlyMap<number, number>;
  readonly history: readonly number[];
  readonly items: ItemSide;
}

/** Everything a corpus-metric reference implementation sees. */
export interface ReferenceCorpus {
  readonly lists: readonly (readonly number[])[];
  readonly relevant: readonly ReadonlyMap<number, number>[];
  readonly history: readonly (readonly number[])[];
  readonly items: ItemSide;
}

/** The item side of a scenario, restricted to the inputs in `requires` (always `numItems`). */
export function toItemSide(s: Scenario, requires: readonly RewardInput[]): ItemSide {
  const want = new Set(requires);
  return {
    numItems: s.numItems,
    categories: want.has('categories')
      ? { ...csrFromArrays(s.categories.ofItem), count: s.categories.count }
      : undefined,
    groups: want.has('groups') ? { of: Int32Array.from(s.groups.of), count: s.groups.count } : undefined,
    embeddings: want.has('embeddings')
      ? { dim: s.embeddings.dim, data: Float32Array.from(s.embeddings.data.flat()) }
      : undefined,
    popularity: want.has('popularity') ? Float64Array.from(s.popularity) : undefined,
  };
}

/**
 * Packs a scenario into {@link RewardInputs}, including only the inputs in `requires`, so that a
 * reward that reads an input it did not declare fails loudly.
 */
export function toInputs(s: Scenario, requires: readonly RewardInput[]): RewardInputs {
  const want = new Set(requires);
  const width = s.lists.reduce((w, l) => Math.max(w, l.length), 0) + s.extraPad;
  let relevance: RelevanceBatch | undefined;
  if (want.has('relevance')) {
    const csr = csrFromArrays(s.relevant.map((m) => [...m.keys()]));
    relevance = { ...csr, grades: Float32Array.from(s.relevant.flatMap((m) => [...m.values()])) };
  }
  return {
    lists: listBatchFromArrays(s.lists, width),
    relevance,
    history: want.has('history') ? csrFromArrays(s.history) : undefined,
    items: toItemSide(s, requires),
  };
}

/** The reference view of list `b`. */
export function referenceExample(s: Scenario, b: number, requires: readonly RewardInput[]): ReferenceExample {
  return { list: s.lists[b]!, relevant: s.relevant[b]!, history: s.history[b]!, items: toItemSide(s, requires) };
}

/** The reference view of the whole scenario. */
export function referenceCorpus(s: Scenario, requires: readonly RewardInput[]): ReferenceCorpus {
  return { lists: s.lists, relevant: s.relevant, history: s.history, items: toItemSide(s, requires) };
}

/** A copy of `s` with some fields replaced. */
export function withScenario(s: Scenario, patch: Partial<Scenario>): Scenario {
  return { ...s, ...patch };
}

/** Junk written after the padding must not matter: the lists with random ids after their first PAD. */
export function junkAfterPad(inputs: RewardInputs, junk: (i: number) => number): RewardInputs {
  const { size, width } = inputs.lists;
  const items = inputs.lists.items.slice();
  for (let b = 0; b < size; b++) {
    let seenPad = false;
    for (let k = 0; k < width; k++) {
      const i = b * width + k;
      if (seenPad) items[i] = junk(i);
      else if (items[i] === PAD_ITEM) seenPad = true;
    }
  }
  return { ...inputs, lists: { ...inputs.lists, items } };
}

/**
 * The scenario with its items renamed by a permutation (`perm[old] = new`) everywhere: lists,
 * judgments, histories and the per-item side information.
 */
export function relabelItems(s: Scenario, perm: readonly number[]): Scenario {
  const inverse = new Array<number>(perm.length);
  perm.forEach((to, from) => (inverse[to] = from));
  const map = (id: number) => (id >= 0 ? perm[id]! : id);
  const atNew = <T>(arr: readonly T[]) => inverse.map((from) => arr[from]!);
  return {
    ...s,
    lists: s.lists.map((l) => l.map(map)),
    relevant: s.relevant.map((m) => new Map([...m].map(([id, g]) => [map(id), g]))),
    history: s.history.map((h) => h.map(map)),
    categories: { ...s.categories, ofItem: atNew(s.categories.ofItem) },
    groups: { ...s.groups, of: atNew(s.groups.of) },
    embeddings: { ...s.embeddings, data: atNew(s.embeddings.data) },
    popularity: atNew(s.popularity),
  };
}

/** The scenario with group ids renamed by a permutation (−1 stays). */
export function relabelGroups(s: Scenario, perm: readonly number[]): Scenario {
  return withScenario(s, { groups: { ...s.groups, of: s.groups.of.map((g) => (g >= 0 ? perm[g]! : g)) } });
}

/** The scenario with category ids renamed by a permutation. */
export function relabelCategories(s: Scenario, perm: readonly number[]): Scenario {
  return withScenario(s, {
    categories: { ...s.categories, ofItem: s.categories.ofItem.map((cs) => cs.map((c) => perm[c]!)) },
  });
}
