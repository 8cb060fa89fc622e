import { createRequire } from 'node:module';
import { definePlugin } from '@bladerec/core';
import { exposureGap } from './exposure-gap/exposure-gap.js';

export type { Attribute } from './common/attribute.js';
export { CatalogDistribution } from './common/catalog-distribution.js';
export type { Weighting } from './common/exposure-weights.js';
export { calibrationKl, maxMinGap, meanAbsoluteGap, totalVariation } from './common/distribution-gaps.js';

export { exposureGap } from './exposure-gap/exposure-gap.js';
export { ExposureGapOptions } from './exposure-gap/exposure-gap-options.js';
export { exposureGapBatch, exposureGapRange, ExposureGapState } from './exposure-gap/exposure-gap-kernel.js';
export { exposureGapReference } from './exposure-gap/exposure-gap-reference.js';

const pkg = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

/** The fairness plugin: reward `exposure-gap` (alias `exposure-gap@K`). */
export default definePlugin({ meta: { name: pkg.name, version: pkg.version, namespace: 'fairness' }, rewards: [exposureGap] });
