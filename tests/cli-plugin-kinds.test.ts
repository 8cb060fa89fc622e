import { createBladeContainer, DatasetLoader, definePlugin, type SequenceDataset } from '@bladerec/core';
import { dataModule, DatasetLoaderRegistry, generateSynthetic } from '@bladerec/data';
import { kernelEvidence, nigPriorStore, rawRewardTarget } from '@bladerec/estimators';
import { describe, expect, test } from 'vitest';
import { runBladeInProcess } from './support/run-blade-in-process.js';

// A plugin with one contribution of every kind besides rewards and metrics (the estimators reuse
// the built-in implementations under new ids; the loader ignores its path).
const renamed = <D extends { meta: { id: string; description: string } }>(d: D, id: string): D => ({
  ...d,
  meta: { ...d.meta, id, description: `${id}: ${d.meta.description}` },
});
const toyLoader: DatasetLoader = {
  format: 'toy',
  description: 'a seeded synthetic data set whatever the path',
  load: async (): Promise<SequenceDataset> => ({
    ...generateSynthetic({ seed: 1, items: 40, users: 10, maxHistory: 8 }),
    format: 'toy',
  }),
};
const kinds = definePlugin({
  meta: { name: 'bladerec-plugin-kinds', version: '1.2.3', namespace: 'kinds' },
  priorStores: [renamed(nigPriorStore, 'my-prior')],
  evidenceEstimators: [renamed(kernelEvidence, 'my-evidence')],
  targetEstimators: [renamed(rawRewardTarget, 'my-target')],
  loaders: [toyLoader],
});

describe('plugin kinds: prior stores, evidence and target estimators, data loaders', () => {
  test('definePlugin exposes every kind by id (loaders by format)', () => {
    expect(Object.keys(kinds.priorStores ?? {})).toEqual(['my-prior']);
    expect(Object.keys(kinds.evidenceEstimators ?? {})).toEqual(['my-evidence']);
    expect(Object.keys(kinds.targetEstimators ?? {})).toEqual(['my-target']);
    expect(kinds.loaders).toEqual({ toy: toyLoader });
    expect(kinds.priorStores?.['my-prior']?.meta).toMatchObject({
      plugin: 'bladerec-plugin-kinds',
      namespace: 'kinds',
    });
  });

  test("a plugin's loader joins the built-in formats", async () => {
    const registry = createBladeContainer({ plugins: [kinds], modules: [dataModule] }).get<DatasetLoaderRegistry>(
      DatasetLoaderRegistry,
    );
    expect(registry.list().map((l) => l.format)).toContain('toy');
    expect(registry.list().map((l) => l.format)).toContain('sprec');
    expect((await registry.get('toy').load('.')).format).toBe('toy');
  });

  test('blade plugins list --json lists every kind of every plugin, built-in data and estimators included', async () => {
    const r = await runBladeInProcess(['plugins', 'list', '--json'], process.cwd(), [kinds]);
    expect(r.code, r.stderr).toBe(0);
    type Entry = {
      name: string;
      source: string;
      priorStores: { id: string }[];
      evidenceEstimators: { id: string }[];
      targetEstimators: { id: string }[];
      loaders: { format: string }[];
    };
    const { plugins } = JSON.parse(r.stdout) as { plugins: Entry[] };
    const byName = new Map(plugins.map((p) => [p.name, p]));
    const ids = (list: { id: string }[]) => list.map((d) => d.id);
    expect(byName.get('bladerec-plugin-kinds')).toMatchObject({
      source: '(given)',
      loaders: [{ format: 'toy', description: toyLoader.description }],
    });
    const mine = byName.get('bladerec-plugin-kinds')!;
    expect([ids(mine.priorStores), ids(mine.evidenceEstimators), ids(mine.targetEstimators)]).toEqual([
      ['my-prior'],
      ['my-evidence'],
      ['my-target'],
    ]);
    const estimators = byName.get('@bladerec/estimators')!;
    expect(ids(estimators.priorStores).sort()).toEqual(['nig', 'pooled', 'reservoir']);
    expect(ids(estimators.evidenceEstimators).sort()).toEqual(['kernel', 'mid-rank']);
    expect(ids(estimators.targetEstimators).sort()).toEqual(['dp-beta', 'jbond', 'nig-t', 'raw']);
    expect(
      byName
        .get('@bladerec/data')!
        .loaders.map((l) => l.format)
        .sort(),
    ).toEqual(['canonical', 'd3-csv', 'history-jsonl', 'interactions', 'movielens', 'sprec', 'synthetic']);
  });

  test('blade plugins list: one table row per contribution, with its kind', async () => {
    const r = await runBladeInProcess(['plugins', 'list'], process.cwd(), [kinds]);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout
      .trimEnd()
      .split('\n')
      .map((line) => line.split(/\s{2,}/).slice(0, 3));
    for (const row of [
      ['bladerec-plugin-kinds@1.2.3', 'prior', 'my-prior'],
      ['bladerec-plugin-kinds@1.2.3', 'evidence', 'my-evidence'],
      ['bladerec-plugin-kinds@1.2.3', 'target', 'my-target'],
      ['bladerec-plugin-kinds@1.2.3', 'loader', 'toy'],
      ['@bladerec/estimators@0.1.0', 'target', 'dp-beta'],
      ['@bladerec/data@0.1.0', 'loader', 'movielens'],
    ])
      expect(rows).toContainEqual(row);
    expect(rows.some((row) => row[1] === '-')).toBe(false);
  });
});
