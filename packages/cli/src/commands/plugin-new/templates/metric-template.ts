import type { PluginNames } from '../plugin-names.js';
import type { KindTemplate } from './common-files.js';

/**
 * A corpus metric: `<id>@K`, the share of the catalog recommended in anyone's top k, with its
 * readable reference and conformance suite.
 */
export function metricTemplate(n: PluginNames): KindTemplate {
  const definition = `import { type CorpusMetricDefinition, corpusMetricMeta, PAD_ITEM, type RewardInputs, type Static, Type } from '@bladerec/core';

/** Options of \`${n.id}\`; every option has a default, so \`${n.id}\` alone is valid. */
export const ${n.pascal}Options = Type.Object(
  { k: Type.Integer({ minimum: 1, default: 10, description: 'Cutoff: only the first k slots of each list count.' }) },
  { additionalProperties: false },
);
export type ${n.pascal}Options = Static<typeof ${n.pascal}Options>;

/** Distinct known items in anyone's top k, over the catalog size, in one pass over the batch. */
export function ${n.camel}Compute(inputs: RewardInputs, options: ${n.pascal}Options): number {
  const { lists, items } = inputs;
  if (items.numItems === 0) return 0;
  const shown = new Uint8Array(items.numItems);
  let distinct = 0;
  const k = Math.min(options.k, lists.width);
  for (let b = 0; b < lists.size; b++) {
    for (let p = 0; p < k; p++) {
      const id = lists.items[b * lists.width + p]!;
      if (id === PAD_ITEM) break;
      if (id < 0 || id >= items.numItems || shown[id] === 1) continue;
      shown[id] = 1;
      distinct++;
    }
  }
  return distinct / items.numItems;
}

/** The readable definition over plain arrays: the fast version must agree with it (the tests check). */
export function ${n.camel}Reference(lists: readonly (readonly number[])[], numItems: number, options: ${n.pascal}Options): number {
  if (numItems === 0) return 0;
  const shown = new Set(lists.flatMap((list) => list.slice(0, options.k)).filter((id) => id >= 0 && id < numItems));
  return shown.size / numItems;
}

/**
 * \`${n.id}@K\`: the share of the catalog recommended in anyone's top k.
 *
 *   ${n.id}@K = |∪_u L_u^K ∩ I| / |I|
 *
 * Unknown items never count; no users (or an empty catalog) give 0.
 */
export const ${n.camel}: CorpusMetricDefinition<${n.pascal}Options> = {
  meta: {
    id: '${n.id}',
    description: "Share of the catalog recommended in anyone's top k.",
    higherIsBetter: true,
    schema: ${n.pascal}Options,
    atParameter: 'k',
    formula: '${n.id}@K = |∪_u L_u^K ∩ I| / |I|',
    requires: [],
    properties: ['group-relabel-invariant', 'category-relabel-invariant'],
  },
  create(options) {
    return {
      meta: corpusMetricMeta(${n.camel}, options, { range: [0, 1], cutoff: options.k }),
      compute: (inputs) => ${n.camel}Compute(inputs, options),
    };
  },
};
`;
  const test = `import { UNKNOWN_ITEM } from '@bladerec/core';
import { RewardTester } from '@bladerec/testkit';
import { ${n.camel}, ${n.camel}Reference } from '../src/index.js';

// The conformance kit for corpus metrics: metadata, range, determinism, user order, padding,
// renaming items, groups and categories, agreement with the reference, then the cases below.
new RewardTester({ numRuns: 100 }).runCorpus(${n.camel}, {
  options: [{}, { k: 2 }, { k: 1 }],
  reference: (corpus, options) => ${n.camel}Reference(corpus.lists, corpus.items.numItems, options),
  cases: [
    { name: 'union of the top 2 sets {0,1} and {1,3} over 5 items', options: { k: 2 }, lists: [[0, 1, 2], [1, 3]], items: { numItems: 5 }, expected: 3 / 5 },
    { name: 'unknown items never count', options: { k: 2 }, lists: [[UNKNOWN_ITEM, 0]], items: { numItems: 4 }, expected: 1 / 4 },
    { name: 'no users: 0', options: { k: 2 }, lists: [], items: { numItems: 4 }, expected: 0 },
  ],
  invalidOptions: [{ options: { k: 0 }, path: 'options.k', rule: 'minimum' }],
});
`;
  return {
    description: `the corpus metric \`${n.id}\` (alias \`${n.id}@K\`): the share of the catalog recommended in anyone's top k.`,
    field: 'corpusMetrics',
    peers: [],
    devDependencies: ['@bladerec/testkit'],
    usage: `\`\`\`sh
blade eval --plugin ${n.id} --lists lists.jsonl --truth truth.jsonl --catalog catalog.json --metric ${n.id}@10
\`\`\``,
    files: { [`src/${n.id}.ts`]: definition, [`test/${n.id}.test.ts`]: test },
  };
}
