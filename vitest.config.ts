import { defineConfig } from 'vitest/config';

// Tests run against the TypeScript sources of every workspace package (the `@bladerec/source`
// export condition); the CLI end-to-end tests run the built `blade` binary instead.
const conditions = ['@bladerec/source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  // inversify needs legacy decorators; vitest's oxc transformer takes them from here.
  oxc: { decorator: { legacy: true, emitDecoratorMetadata: true } },
  test: {
    include: [
      'packages/*/test/**/*.test.ts',
      'plugins/*/test/**/*.test.ts',
      'examples/*/test/**/*.test.ts',
      'tests/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
