import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBladeContainer } from '@bladerec/core';
import { describe, expect, test } from 'vitest';
import { dataModule, DatasetLoaderRegistry, LOAD_RULES, syntheticOptionsSchema } from '../src/internal.js';

const docs = join(import.meta.dirname, '..', '..', '..', 'docs');
const dataMd = readFileSync(join(docs, 'data.md'), 'utf8');
const synthMd = readFileSync(join(docs, 'synthetic-data.md'), 'utf8');

describe('documentation', () => {
  test('every load-report rule is in the rules table of docs/data.md', () => {
    for (const rule of Object.keys(LOAD_RULES)) expect(dataMd).toMatch(new RegExp(`^\\| \`${rule}\` \\|`, 'm'));
  });

  test('every built-in format has a section with an example', () => {
    const registry = createBladeContainer({ modules: [dataModule] }).get<DatasetLoaderRegistry>(DatasetLoaderRegistry);
    for (const { format, optionsSchema } of registry.list()) {
      expect(dataMd).toMatch(new RegExp(`^### \`${format}\` — `, 'm'));
      for (const option of Object.keys((optionsSchema?.['properties'] ?? {}) as object))
        expect(dataMd).toContain(`\`${option}\``);
    }
  });

  test('every generator option is documented in docs/synthetic-data.md', () => {
    for (const option of Object.keys(syntheticOptionsSchema.properties)) expect(synthMd).toContain(`\`${option}\``);
  });
});
