import { CorpusMetricRegistry, ListRewardRegistry } from '@bladerec/core';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

describe('diversity plugin object', () => {
  it('exports a plugin with meta from package.json, its rewards and corpus metrics', () => {
    expect(plugin.meta).toMatchObject({ name: '@bladerec/reward-diversity', namespace: 'diversity' });
    expect(plugin.meta.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Object.keys(plugin.rewards)).toEqual(['ild', 'arp', 'tail-share', 'self-information']);
    expect(Object.keys(plugin.corpusMetrics)).toEqual(['coverage', 'div-ratio', 'or-ratio', 'entropy']);
    for (const d of [...Object.values(plugin.rewards), ...Object.values(plugin.corpusMetrics)])
      expect(d.meta.plugin).toBe('@bladerec/reward-diversity');
  });

  it('registers under namespaced names', () => {
    expect(new ListRewardRegistry(Object.values(plugin.rewards)).create('diversity/ild@5').meta.name).toBe('ild@5');
    expect(new CorpusMetricRegistry(Object.values(plugin.corpusMetrics)).create('diversity/or-ratio@3').meta.name).toBe(
      'or-ratio@3',
    );
  });
});
