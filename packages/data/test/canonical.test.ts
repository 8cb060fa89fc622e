import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SequenceDataset } from '@bladerec/core';
import { describe, expect, test } from 'vitest';
import { CanonicalLoader, generateSynthetic, readCatalogFile, SprecLoader, writeCanonical } from '../src/internal.js';
import { userError } from './support/errors.js';
import { splitsAsIds } from './support/ids.js';
import { fixture, tmpDir, writeTree } from './support/tmp-tree.js';

function expectSameDataset(a: SequenceDataset, b: SequenceDataset): void {
  expect(b.catalog.ids).toEqual(a.catalog.ids);
  expect(b.catalog.titles).toEqual(a.catalog.titles);
  expect(b.catalog.categories.names).toEqual(a.catalog.categories.names);
  expect(b.catalog.categories.ofItem).toEqual(a.catalog.categories.ofItem);
  expect(b.catalog.popularity).toEqual(a.catalog.popularity);
  expect(b.catalog.groups).toEqual(a.catalog.groups);
  expect(b.catalog.embeddings).toEqual(a.catalog.embeddings);
  expect(splitsAsIds(b)).toEqual(splitsAsIds(a));
}

describe('canonical format', () => {
  const canonical = new CanonicalLoader();

  test('round trip of a loaded data set (catalog, splits, groups, embeddings, manifest)', async () => {
    const source = await new SprecLoader().load(fixture('sprec'));
    const dir = tmpDir();
    const manifest = await writeCanonical(source, dir, { seed: 42 });
    expect(manifest).toMatchObject({
      version: 1,
      name: 'sprec',
      format: 'canonical',
      sourceFormat: 'sprec',
      seed: 42,
      counts: { items: 8, users: 0 },
    });
    const back = await canonical.load(dir);
    expect(back.format).toBe('canonical');
    expect(back.name).toBe('sprec');
    expect(back.report.notes).toContain('converted from format sprec');
    expectSameDataset(source, back);
    const first = readFileSync(join(dir, 'train.jsonl'), 'utf8').split('\n')[0]!;
    expect(Object.keys(JSON.parse(first) as object)).toEqual(['history', 'targets']);
  });

  test('round trip of the synthetic data set (users, latent embeddings)', async () => {
    const source = generateSynthetic({ users: 60, items: 50 });
    const dir = tmpDir();
    await writeCanonical(source, dir);
    const back = await canonical.load(dir);
    expectSameDataset(source, back);
    expect(back.catalog.embeddings?.source).toBe('synthetic-latent-factors');
    expect(back.splits.test[0]!.user).toBe(source.splits.test[0]!.user);
  });

  test('catalog.json is exactly what readCatalogFile reads', async () => {
    const source = generateSynthetic({ users: 10, items: 30 });
    const dir = tmpDir();
    await writeCanonical(source, dir);
    const catalog = await readCatalogFile(join(dir, 'catalog.json'));
    expect(catalog.ids).toEqual(source.catalog.ids);
    expect(catalog.embeddings?.data).toEqual(source.catalog.embeddings?.data);
  });

  test('bad canonical input is rejected with file and line', async () => {
    const catalog = JSON.stringify({ items: [{ id: 'a' }, { id: 'b' }] });
    const dir = writeTree({
      'catalog.json': catalog,
      'train.jsonl': '{"history": ["a"], "targets": ["b"]}\n{"history": ["a"], "targets": ["zz"]}\n',
      'valid.jsonl': '',
      'test.jsonl': '',
    });
    expect((await userError(canonical.load(dir))).message).toBe(
      `${join(dir, 'train.jsonl')}:2: "targets"[0]: item "zz" is not in catalog.json`,
    );
    writeTree({ 'train.jsonl': '{"history": ["a"], "targets": []}\n' }, dir);
    expect((await userError(canonical.load(dir))).message).toBe(`${join(dir, 'train.jsonl')}:1: "targets" is empty`);
    writeTree({ 'catalog.json': JSON.stringify({ items: [{ id: 'a' }, { id: 'a' }] }) }, dir);
    expect((await userError(canonical.load(dir))).message).toBe(
      `${join(dir, 'catalog.json')}: items[1]: duplicate item id "a"`,
    );
    expect((await userError(canonical.load(writeTree({ 'catalog.json': catalog })))).message).toMatch(
      /missing train\.jsonl/,
    );
  });
});
