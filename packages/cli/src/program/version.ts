import { createRequire } from 'node:module';

/** Version of the `@bladerec/cli` package. */
export const VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
