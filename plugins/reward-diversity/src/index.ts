import { createRequire } from 'node:module';
import { definePlugin } from '@bladerec/core';
import { coverage } from './coverage.js';
import { divRatio } from './div-ratio.js';
import { ild } from './ild.js';
import { orRatio } from './or-ratio.js';
import { arp } from './arp.js';
import { entropy } from './entropy.js';
import { tailShare } from './tail-share.js';
import { selfInformation } from './self-information.js';

export { ild } from './ild.js';
export { IldOptions } from './ild-options.js';
export { coverage } from './coverage.js';
export { divRatio } from './div-ratio.js';
export { orRatio, OR_RATIO_TOP } from './or-ratio.js';
export { TopKOptions } from './top-k-options.js';
export { arp } from './arp.js';
export { ArpOptions, SelfInformationOptions, TailShareOptions } from './popularity-options.js';
export { selfInformation } from './self-information.js';
export { tailShare } from './tail-share.js';
export { entropy } from './entropy.js';
export { EntropyOptions } from './entropy-options.js';

const pkg = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

/**
 * The diversity and popularity-bias plugin: rewards `ild`, `arp`, `tail-share`, `self-information`
 * (novelty; aliases `ild@K` …)
 * and corpus metrics `coverage`, `div-ratio`, `or-ratio`, `entropy` (aliases `coverage@K` …).
 */
export default definePlugin({
  meta: { name: pkg.name, version: pkg.version, namespace: 'diversity' },
  rewards: [ild, arp, tailShare, selfInformation],
  corpusMetrics: [coverage, divRatio, orRatio, entropy],
});
