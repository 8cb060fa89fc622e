import { BladeUserError, createBladeContainer, DatasetLoader, type SequenceDataset } from '@bladerec/core';
import { ContainerModule, injectable } from 'inversify';
import { describe, expect, test } from 'vitest';
import { CatalogBuilder, dataModule, DatasetLoaderRegistry, LoadReportBuilder } from '../src/index.js';
import { userError } from './support/errors.js';
import { fixture } from './support/tmp-tree.js';

/** A plugin format: one item per line of a text file, each line a one-item history → next line. */
@injectable()
class LinesLoader implements DatasetLoader {
  readonly format: string = 'lines';
  readonly description = 'test plugin format';
  async load(path: string): Promise<SequenceDataset> {
    const builder = new CatalogBuilder();
    builder.add({ id: 'a' });
    builder.add({ id: 'b' });
    const example = { history: Int32Array.of(0), targets: Int32Array.of(1) };
    const report = new LoadReportBuilder();
    report.note(`read ${path}`);
    return {
      name: 'lines',
      format: this.format,
      catalog: builder.build(),
      splits: { train: [example], valid: [], test: [] },
      report: report.build(),
    };
  }
}

@injectable()
class FakeSprec extends LinesLoader {
  override readonly format = 'sprec';
}

describe('DatasetLoaderRegistry', () => {
  test('the data module registers every built-in format', () => {
    const registry = createBladeContainer({ modules: [dataModule] }).get<DatasetLoaderRegistry>(DatasetLoaderRegistry);
    expect(registry.list().map((l) => l.format)).toEqual([
      'canonical',
      'd3-csv',
      'history-jsonl',
      'interactions',
      'movielens',
      'sprec',
      'synthetic',
    ]);
    for (const l of registry.list()) {
      expect(l.description.length).toBeGreaterThan(10);
      expect(l.optionsSchema?.['type']).toBe('object');
    }
  });

  test('a plugin adds a format by binding its own DatasetLoader', async () => {
    const plugin = new ContainerModule(({ bind }) => {
      bind(DatasetLoader).to(LinesLoader).inSingletonScope();
    });
    const registry = createBladeContainer({ modules: [dataModule, plugin] }).get<DatasetLoaderRegistry>(
      DatasetLoaderRegistry,
    );
    expect(registry.has('lines')).toBe(true);
    const ds = await registry.load(fixture('sprec'), 'lines');
    expect(ds.format).toBe('lines');
    expect((await registry.load(fixture('sprec'), 'sprec')).format).toBe('sprec');
  });

  test('two loaders with one format name are refused', () => {
    const plugin = new ContainerModule(({ bind }) => {
      bind(DatasetLoader).to(FakeSprec);
    });
    const container = createBladeContainer({ modules: [dataModule, plugin] });
    expect(() => container.get(DatasetLoaderRegistry)).toThrow(BladeUserError);
    expect(() => container.get(DatasetLoaderRegistry)).toThrow(
      /two data set loaders claim the format 'sprec' \(SprecLoader and FakeSprec\)/,
    );
  });

  test('an unknown format lists the known ones; a missing path is named', async () => {
    const registry = createBladeContainer({ modules: [dataModule] }).get<DatasetLoaderRegistry>(DatasetLoaderRegistry);
    expect(() => registry.get('alpaca')).toThrow(
      "unknown data format 'alpaca' (known formats: canonical, d3-csv, history-jsonl, interactions, movielens, sprec, synthetic)",
    );
    expect((await userError(registry.load('/no/such/dir', 'sprec'))).message).toBe(
      '/no/such/dir: no such file or folder',
    );
  });
});
