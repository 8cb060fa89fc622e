import { createRequire } from 'node:module';
import { definePlugin } from '@bladerec/core';
import { exposureDisparity } from './corpus/exposure-disparity/exposure-disparity.js';
import { dgu } from './corpus/genre-unfairness/dgu.js';
import { mgu } from './corpus/genre-unfairness/mgu.js';
import { gini } from './corpus/gini/gini.js';
import { groupExposure } from './corpus/group-exposure/group-exposure.js';
import { exposureGap } from './exposure-gap/exposure-gap.js';
import { calibration } from './calibration/calibration.js';

export type { Attribute } from './common/attribute.js';
export type { Weighting } from './common/exposure-weights.js';

export { exposureGap } from './exposure-gap/exposure-gap.js';
export { ExposureGapOptions } from './exposure-gap/exposure-gap-options.js';
export { calibration } from './calibration/calibration.js';
export { calibrationAsExposureGap, CalibrationOptions } from './calibration/calibration-options.js';

export { mgu } from './corpus/genre-unfairness/mgu.js';
export { dgu } from './corpus/genre-unfairness/dgu.js';
export { GenreUnfairnessOptions } from './corpus/genre-unfairness/genre-unfairness-options.js';

export { exposureDisparity } from './corpus/exposure-disparity/exposure-disparity.js';
export { ExposureDisparityOptions } from './corpus/exposure-disparity/exposure-disparity-options.js';

export { gini } from './corpus/gini/gini.js';
export { GiniOptions } from './corpus/gini/gini-options.js';

export { groupExposure } from './corpus/group-exposure/group-exposure.js';
export { GroupExposureOptions } from './corpus/group-exposure/group-exposure-options.js';

const pkg = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

/**
 * The fairness plugin: rewards `exposure-gap`, `calibration`; corpus metrics `mgu`, `dgu`, `exposure-disparity`,
 * `gini`, `group-exposure` (all with `@K`).
 */
export default definePlugin({
  meta: { name: pkg.name, version: pkg.version, namespace: 'fairness' },
  rewards: [exposureGap, calibration],
  corpusMetrics: [mgu, dgu, exposureDisparity, gini, groupExposure],
});
