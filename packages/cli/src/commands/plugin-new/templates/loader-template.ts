import type { PluginNames } from '../plugin-names.js';
import type { KindTemplate } from './common-files.js';

/**
 * A data set loader for a plain-text format: one user per line, `user item item …` oldest first;
 * leave-one-out splits (the last item is the test target, the one before it the validation target).
 */
export function loaderTemplate(n: PluginNames): KindTemplate {
  const source = `import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { BladeUserError, type DatasetLoader, type SequenceDataset, type SequenceExample } from '@bladerec/core';
import { CatalogBuilder, LoadReportBuilder } from '@bladerec/data';

/**
 * The \`${n.id}\` format: a text file with one user per line, \`user item item …\` (whitespace
 * separated, oldest first). Each user gives a leave-one-out split: the last item is the test target,
 * the one before it the validation target, and every earlier prefix a training example. Users with
 * fewer than 3 items are counted under \`short-user-dropped\`; blank lines are skipped.
 */
export class ${n.pascal}Loader implements DatasetLoader {
  readonly format = '${n.id}';
  readonly description = 'one user per line: user item item … (oldest first), leave-one-out splits';

  async load(path: string): Promise<SequenceDataset> {
    const text = await readFile(path, 'utf8').catch((error: Error) => {
      throw new BladeUserError('cannot read: ' + error.message, { file: path });
    });
    const catalog = new CatalogBuilder();
    const report = new LoadReportBuilder();
    const splits: { train: SequenceExample[]; valid: SequenceExample[]; test: SequenceExample[] } = { train: [], valid: [], test: [] };
    const index = (id: string) => {
      const known = catalog.indexOf(id);
      return known >= 0 ? known : catalog.add({ id });
    };
    for (const line of text.split(/\\r?\\n/)) {
      const [user, ...ids] = line.trim().split(/\\s+/).filter((field) => field !== '');
      if (user === undefined) continue;
      if (ids.length < 3) {
        report.count('short-user-dropped');
        continue;
      }
      const items = Int32Array.from(ids, index);
      for (const i of items) catalog.addPopularity(i);
      const example = (end: number): SequenceExample => ({ user, history: items.slice(0, end), targets: items.slice(end, end + 1) });
      for (let end = 1; end < items.length - 2; end++) splits.train.push(example(end));
      splits.valid.push(example(items.length - 2));
      splits.test.push(example(items.length - 1));
    }
    return { name: basename(path), format: this.format, catalog: catalog.build(), splits, report: report.build() };
  }
}

/** The loader instance the plugin contributes (a config's \`data: { format: '${n.id}' }\`). */
export const ${n.camel} = new ${n.pascal}Loader();
`;
  const test = `import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBladeContainer } from '@bladerec/core';
import { dataModule, DatasetLoaderRegistry } from '@bladerec/data';
import { describe, expect, test } from 'vitest';
import plugin, { ${n.camel} } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), '${n.id}-'));
const file = join(dir, 'users.txt');
writeFileSync(file, 'u1 a b c d\\n\\nu2 b c\\nu3 c a b\\n');

describe('${n.id} loader', () => {
  test('the plugin adds the format to the built-in ones', () => {
    const registry = createBladeContainer({ plugins: [plugin], modules: [dataModule] }).get<DatasetLoaderRegistry>(DatasetLoaderRegistry);
    expect(registry.get('${n.id}')).toBe(${n.camel});
  });

  test('leave-one-out splits; short users are counted, not silently dropped', async () => {
    const dataset = await ${n.camel}.load(file);
    const ids = (indices: Int32Array) => Array.from(indices, (i) => dataset.catalog.ids[i]);
    expect(dataset.catalog.ids).toEqual(['a', 'b', 'c', 'd']);
    expect(dataset.splits.test.map((e) => [e.user, ids(e.history), ids(e.targets)])).toEqual([
      ['u1', ['a', 'b', 'c'], ['d']],
      ['u3', ['c', 'a'], ['b']],
    ]);
    expect(dataset.splits.valid.map((e) => ids(e.targets))).toEqual([['c'], ['a']]);
    expect(dataset.splits.train.map((e) => [ids(e.history), ids(e.targets)])).toEqual([[['a'], ['b']]]);
    expect(dataset.report.counts).toEqual({ 'short-user-dropped': 1 });
  });

  test('a missing file is a one-line error naming it', async () => {
    await expect(${n.camel}.load(join(dir, 'nope.txt'))).rejects.toThrow(/nope\\.txt: cannot read/);
  });
});
`;
  return {
    description: `the data set loader \`${n.id}\`: one user per line (\`user item item …\`, oldest first), leave-one-out splits.`,
    field: 'loaders',
    peers: ['@bladerec/data'],
    devDependencies: [],
    usage: `In a training config, with \`--plugin ${n.id}\` on \`blade train …\`:

\`\`\`yaml
data: { format: ${n.id}, path: users.txt }
\`\`\``,
    files: { [`src/${n.id}.ts`]: source, [`test/${n.id}.test.ts`]: test },
  };
}
