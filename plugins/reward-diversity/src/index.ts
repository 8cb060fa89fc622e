import { createRequire } from 'node:module';
import { definePlugin } from '@bladerec/core';
import { ild } from './ild.js';

export { ild } from './ild.js';
export { IldOptions } from './ild-options.js';
export { ildBatch } from './ild-kernel.js';
export { ildCosineBatch } from './ild-cosine-kernel.js';
export { ildJaccardBatch } from './ild-jaccard-kernel.js';
export { ildReference, cosineDistance, jaccardDistance } from './ild-reference.js';
export { ListWindow } from './list-window.js';
export { unitEmbeddings, type UnitEmbeddings } from './unit-embeddings.js';
export { categorySets, popcount32, type CategorySets } from './category-sets.js';

const pkg = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

/** The diversity plugin: reward `ild` (alias `ild@K`). */
export default definePlugin({
  meta: { name: pkg.name, version: pkg.version, namespace: 'diversity' },
  rewards: [ild],
});
