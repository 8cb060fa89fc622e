import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AlignmentComponents,
  type BladePlugin,
  createBladeContainer,
  definePlugin,
  ObjectiveFactory,
  rewardMeta,
  Type,
} from '@bladerec/core';
import estimators from '@bladerec/estimators';
import ndcg from '@bladerec/reward-ndcg';
import recall from '@bladerec/reward-recall';
import { Random } from '@bladerec/data';

/** A reward plugin whose reward throws on a list holding the catalog's item `boom`. */
export const faultyPlugin: BladePlugin = definePlugin({
  meta: { name: 'bladerec-reward-faulty', version: '0.0.0', namespace: 'faulty' },
  rewards: [
    {
      meta: {
        id: 'faulty',
        description: 'Throws on item 0.',
        higherIsBetter: true,
        schema: Type.Object({}),
        requires: ['relevance'],
        properties: [],
        unknownItems: 'zero-gain',
      },
      create(options) {
        const meta = rewardMeta(this as never, options, { range: [0, 1] });
        return {
          meta,
          score: (inputs, out = new Float64Array(inputs.lists.size)) => {
            if (inputs.lists.items.includes(0)) throw new Error('item 0 is not allowed');
            return out.fill(0.5);
          },
        };
      },
    },
  ],
});

/** The container services `blade serve` uses, with the built-in rewards and estimators (and the faulty plugin). */
export function serveDeps() {
  const container = createBladeContainer({ plugins: [ndcg, recall, estimators, faultyPlugin] });
  return { objectives: container.get(ObjectiveFactory), components: container.get(AlignmentComponents) };
}

/** A temp folder with a catalog of `size` items `i0…` titled `Title <k>` (item 0 is `boom`). */
export function tempCatalog(size = 40): { dir: string; catalog: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bladerec-serve-'));
  mkdirSync(dir, { recursive: true });
  const items = Array.from({ length: size }, (_, k) => ({
    id: k === 0 ? 'boom' : `i${k}`,
    title: k === 0 ? 'Boom' : `Title ${['Alpha', 'Beta', 'Gamma', 'Delta', 'Omega'][k % 5]} ${k}`,
  }));
  const catalog = join(dir, 'catalog.json');
  writeFileSync(catalog, JSON.stringify({ items }));
  return { dir, catalog };
}

/** Seeded random groups: `groups` contexts drawn from `contexts` ids, N lists of K catalog items (ids i1…). */
export function randomGroups(seed: number, count: number, n: number, k: number, contexts = 5, size = 40) {
  const rng = new Random(seed);
  const item = () => `i${1 + Math.floor(rng.nextFloat() * (size - 1))}`;
  return Array.from({ length: count }, () => {
    const c = Math.floor(rng.nextFloat() * contexts);
    return {
      context: { id: `ctx${c}`, relevant: [`i${1 + c}`, `i${2 + c}`, `i${10 + c}`], history: [`i${20 + c}`] },
      rollouts: Array.from({ length: n }, () => ({ items: Array.from({ length: k }, item) })),
    };
  });
}
