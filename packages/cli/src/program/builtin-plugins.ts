import type { BladePlugin } from '@bladerec/core';

/** Plugins the `blade` binary always loads. */
export const builtinPlugins: readonly BladePlugin[] = [];
