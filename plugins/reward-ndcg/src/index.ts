import { createRequire } from 'node:module';
import { definePlugin } from '@bladerec/core';
import { ndcg } from './ndcg.js';

export { ndcg } from './ndcg.js';
export { NdcgOptions } from './ndcg-options.js';

const pkg = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

/** The NDCG plugin: reward `ndcg` (alias `ndcg@K`). */
export default definePlugin({ meta: { name: pkg.name, version: pkg.version, namespace: 'ndcg' }, rewards: [ndcg] });
