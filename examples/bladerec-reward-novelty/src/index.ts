import { createRequire } from 'node:module';
import { definePlugin } from '@bladerec/core';
import { novelty } from './novelty.js';

export { novelty } from './novelty.js';
export { NoveltyOptions } from './novelty-options.js';
export { noveltyBatch, selfInformation } from './novelty-kernel.js';
export { noveltyReference } from './novelty-reference.js';

// name and version come from package.json, so `blade plugins list` shows what npm installed
const pkg = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

/** The plugin object bladerec loads: `--plugin novelty` finds it through the `bladerec-reward-` prefix. */
export default definePlugin({
  meta: { name: pkg.name, version: pkg.version, namespace: 'novelty' },
  rewards: [novelty],
});
