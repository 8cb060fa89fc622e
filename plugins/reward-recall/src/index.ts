import { createRequire } from 'node:module';
import { definePlugin } from '@bladerec/core';
import { hr } from './hr.js';
import { mrr } from './mrr.js';
import { precision } from './precision.js';
import { recall } from './recall.js';
import { map } from './map.js';
import { f1 } from './f1.js';
import { rPrecision } from './r-precision.js';

export { recall } from './recall.js';
export { RecallOptions } from './recall-options.js';
export { hr } from './hr.js';
export { HrOptions } from './hr-options.js';
export { mrr } from './mrr.js';
export { MrrOptions } from './mrr-options.js';
export { precision } from './precision.js';
export { PrecisionOptions } from './precision-options.js';
export { map } from './map.js';
export { MapOptions } from './map-options.js';
export { f1 } from './f1.js';
export { F1Options } from './f1-options.js';
export { rPrecision } from './r-precision.js';
export { RPrecisionOptions } from './r-precision-options.js';

const pkg = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

/**
 * The hit-based accuracy plugin: rewards `recall`, `hr`, `mrr`, `precision`, `map`, `f1` (aliases
 * `recall@K` …) and `r-precision`.
 */
export default definePlugin({
  meta: { name: pkg.name, version: pkg.version, namespace: 'recall' },
  rewards: [recall, hr, mrr, precision, map, f1, rPrecision],
});
