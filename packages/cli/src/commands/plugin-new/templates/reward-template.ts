import type { PluginNames } from '../plugin-names.js';
import type { KindTemplate } from './common-files.js';

/**
 * A list reward: `<id>@K`, the summed grade of the distinct relevant items in the top k divided by
 * k (a graded precision), with its batched kernel, readable reference and conformance suite.
 */
export function rewardTemplate(n: PluginNames): KindTemplate {
  const options = `import { type Static, Type } from '@bladerec/core';

/** Options of \`${n.id}\`; every option has a default, so \`${n.id}\` alone is valid. */
export const ${n.pascal}Options = Type.Object(
  {
    k: Type.Integer({ minimum: 1, default: 10, description: 'Cutoff: only the first k slots count, and the sum is divided by k.' }),
  },
  { additionalProperties: false },
);
export type ${n.pascal}Options = Static<typeof ${n.pascal}Options>;
`;
  const kernel = `import { PAD_ITEM, type RewardInputs } from '@bladerec/core';
import type { ${n.pascal}Options } from './${n.id}-options.js';

/**
 * Scores a whole batch: for each list, the summed grade of its distinct relevant items (grade > 0)
 * among the first k slots, divided by k. Unknown items keep their slot and add nothing.
 */
export function ${n.camel}Batch(inputs: RewardInputs, options: ${n.pascal}Options, out: Float64Array): Float64Array {
  const { lists, relevance, items } = inputs;
  if (!relevance) throw new Error('${n.id} needs relevance judgments');
  const numItems = items.numItems;
  const grade = new Float64Array(numItems);
  const judged = new Int32Array(numItems); // row stamp: grade[id] belongs to row judged[id] - 1
  const seen = new Int32Array(numItems); // row stamp: the item was already counted in this list
  const k = Math.min(options.k, lists.width);
  for (let b = 0; b < lists.size; b++) {
    for (let j = relevance.offsets[b]!; j < relevance.offsets[b + 1]!; j++) {
      const id = relevance.values[j]!;
      if (id < 0 || id >= numItems) continue;
      judged[id] = b + 1;
      grade[id] = Math.max(0, relevance.grades[j]!);
    }
    let sum = 0;
    const row = b * lists.width;
    for (let p = 0; p < k; p++) {
      const id = lists.items[row + p]!;
      if (id === PAD_ITEM) break;
      if (id < 0 || id >= numItems || seen[id] === b + 1) continue;
      seen[id] = b + 1;
      if (judged[id] === b + 1) sum += grade[id]!;
    }
    out[b] = sum / options.k;
  }
  return out;
}
`;
  const reference = `import type { ${n.pascal}Options } from './${n.id}-options.js';

/** The readable definition, one list at a time: the kernel must agree with it (the tests check). */
export function ${n.camel}Reference(list: readonly number[], relevant: ReadonlyMap<number, number>, numItems: number, options: ${n.pascal}Options): number {
  const counted = new Set<number>();
  let sum = 0;
  for (const id of list.slice(0, options.k)) {
    if (id < 0 || id >= numItems || counted.has(id)) continue;
    counted.add(id);
    sum += Math.max(0, relevant.get(id) ?? 0);
  }
  return sum / options.k;
}
`;
  const definition = `import { type ListRewardDefinition, rewardMeta } from '@bladerec/core';
import { ${n.camel}Batch } from './${n.id}-kernel.js';
import { ${n.pascal}Options } from './${n.id}-options.js';

export { ${n.pascal}Options } from './${n.id}-options.js';
export { ${n.camel}Batch } from './${n.id}-kernel.js';
export { ${n.camel}Reference } from './${n.id}-reference.js';

/**
 * \`${n.id}@K\`: the summed grade of the distinct relevant items in the top k, divided by k.
 *
 *   ${n.id}@K = (1/K) Σ_{i ∈ distinct(L^K)} max(0, grade(i))
 *
 * A repeated item counts once; unknown items keep their slot and add nothing.
 */
export const ${n.camel}: ListRewardDefinition<${n.pascal}Options> = {
  meta: {
    id: '${n.id}',
    description: 'Summed grade of the distinct relevant items in the top k, divided by k.',
    higherIsBetter: true,
    schema: ${n.pascal}Options,
    atParameter: 'k',
    formula: '${n.id}@K = (1/K) Σ_{i ∈ distinct(L^K)} max(0, grade(i))',
    requires: ['relevance'],
    properties: ['relevance-monotone', 'cutoff-invariant', 'duplicates-ignored', 'group-relabel-invariant', 'category-relabel-invariant'],
    unknownItems: 'zero-gain',
  },
  create(options) {
    return {
      meta: rewardMeta(${n.camel}, options, { range: [0, Number.POSITIVE_INFINITY], cutoff: options.k }),
      score: (inputs, out = new Float64Array(inputs.lists.size)) => ${n.camel}Batch(inputs, options, out),
    };
  },
};
`;
  const test = `import { UNKNOWN_ITEM } from '@bladerec/core';
import { RewardTester } from '@bladerec/testkit';
import { ${n.camel}, ${n.camel}Reference } from '../src/index.js';

// The conformance kit: metadata, range, determinism, batching, padding, unknown items, the declared
// properties and agreement with the reference on generated scenarios, then the cases below.
new RewardTester({ numRuns: 100 }).run(${n.camel}, {
  options: [{}, { k: 3 }, { k: 1 }],
  reference: (example, options) => ${n.camel}Reference(example.list, example.relevant, example.items.numItems, options),
  cases: [
    { name: 'grades 2 and 1 in the top 3: (2 + 1) / 3', options: { k: 3 }, lists: [[0, 1, 2]], relevant: [new Map([[0, 2], [2, 1]])], items: { numItems: 4 }, expected: [1] },
    { name: 'a repeat counts once, an unknown item adds nothing', options: { k: 4 }, lists: [[1, 1, UNKNOWN_ITEM, 3]], relevant: [[1]], items: { numItems: 4 }, expected: [0.25] },
    { name: 'nothing relevant: 0', options: { k: 2 }, lists: [[0, 1]], relevant: [[]], items: { numItems: 2 }, expected: [0] },
  ],
  invalidOptions: [
    { options: { k: 0 }, path: 'options.k', rule: 'minimum' },
    { options: { cutoff: 3 }, rule: 'additionalProperties' },
  ],
});
`;
  return {
    description: `the list reward \`${n.id}\` (alias \`${n.id}@K\`): the summed grade of the distinct relevant items in the top k, divided by k.`,
    field: 'rewards',
    peers: [],
    devDependencies: ['@bladerec/testkit'],
    usage: `\`\`\`sh
blade eval --plugin ${n.id} --lists lists.jsonl --truth truth.jsonl --metric ${n.id}@10
\`\`\`

or as an objective term in a training config: \`objective: { terms: ['ndcg@10', { reward: '${n.id}@10', weight: 0.5 }] }\`
(with \`--plugin ${n.id}\` on \`blade train …\`).`,
    files: {
      [`src/${n.id}-options.ts`]: options,
      [`src/${n.id}-kernel.ts`]: kernel,
      [`src/${n.id}-reference.ts`]: reference,
      [`src/${n.id}.ts`]: definition,
      [`test/${n.id}.test.ts`]: test,
    },
  };
}
