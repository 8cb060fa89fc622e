import { describe, expect, it } from 'vitest';
import {
  BladeConfigError,
  ComposedObjective,
  ConfigSchemaService,
  type CorpusMetricDefinition,
  corpusMetricMeta,
  createBladeContainer,
  definePlugin,
  type ListRewardDefinition,
  ListRewardRegistry,
  ObjectiveFactory,
  rewardInputsFromArrays,
  rewardMeta,
} from '../src/index.js';

/** A toy reward for testing the mechanisms: fraction of the first k slots holding even ids. */
const evenShare: ListRewardDefinition<{ k: number }> = {
  meta: {
    id: 'even-share',
    description: 'Share of even item ids among the first k slots.',
    higherIsBetter: true,
    schema: {
      type: 'object',
      properties: { k: { type: 'integer', minimum: 1, default: 5 } },
      additionalProperties: false,
    },
    atParameter: 'k',
    requires: [],
    properties: ['cutoff-invariant'],
    unknownItems: 'zero-gain',
  },
  create(options) {
    return {
      meta: rewardMeta(evenShare, options, { range: [0, 1], cutoff: options.k }),
      score(inputs, out = new Float64Array(inputs.lists.size)) {
        const { items, width, size } = inputs.lists;
        for (let b = 0; b < size; b++) {
          let c = 0;
          for (let j = 0; j < Math.min(width, options.k); j++) {
            const id = items[b * width + j]!;
            if (id < 0) {
              if (id === -1) break;
              continue;
            }
            if (id % 2 === 0) c++;
          }
          out[b] = c / options.k;
        }
        return out;
      },
    };
  },
};
const lengthPenalty: ListRewardDefinition = {
  meta: {
    id: 'length',
    description: 'List length (lower is better).',
    higherIsBetter: false,
    schema: { type: 'object', properties: {}, additionalProperties: false },
    requires: [],
    properties: [],
    unknownItems: 'zero-gain',
  },
  create(options) {
    return {
      meta: rewardMeta(lengthPenalty, options, { range: [0, 20] }),
      score(inputs, out = new Float64Array(inputs.lists.size)) {
        for (let b = 0; b < inputs.lists.size; b++) {
          let n = 0;
          while (n < inputs.lists.width && inputs.lists.items[b * inputs.lists.width + n] !== -1) n++;
          out[b] = n;
        }
        return out;
      },
    };
  },
};
const toyPlugin = definePlugin({
  meta: { name: 'toy-plugin', version: '1.0.0', namespace: 'toy' },
  rewards: [evenShare, lengthPenalty],
});

describe('objective composition', () => {
  const container = createBladeContainer({ plugins: [toyPlugin] });
  const factory = container.get<ObjectiveFactory>(ObjectiveFactory);
  const inputs = rewardInputsFromArrays({
    lists: [
      [0, 2, 4, 1],
      [1, 3],
    ],
    items: { numItems: 10 },
  });

  it('expands aliases and string terms, fills defaults and weights', () => {
    const terms = factory.resolve({ terms: ['even-share@2', { reward: 'length', weight: 0.5, normalize: 'range' }] });
    expect(terms).toEqual([
      { reward: 'even-share', options: { k: 2 }, weight: 1, normalize: 'none' },
      { reward: 'length', options: {}, weight: 0.5, normalize: 'range' },
    ]);
    // names come from the configured instances unless the config gives one
    const objective = factory.create({
      terms: [
        { reward: 'even-share', options: { k: 3 } },
        { reward: 'length', name: 'shortness' },
      ],
    });
    expect(objective.terms.map((t) => t.name)).toEqual(['even-share@3', 'shortness']);
  });

  it('scores the weighted sum with orientation and range normalisation', () => {
    const objective = factory.create({
      terms: ['even-share@2', { reward: 'length', weight: 0.5, normalize: 'range' }],
    });
    expect(objective).toBeInstanceOf(ComposedObjective);
    const { total, terms } = objective.scoreTerms(inputs);
    expect(Array.from(terms[0]!)).toEqual([1, 0]);
    expect(Array.from(terms[1]!)).toEqual([4, 2]);
    // list 0: 1 + 0.5·(20−4)/20 = 1.4 ; list 1: 0 + 0.5·(20−2)/20 = 0.45
    expect(Array.from(total)).toEqual([1 + 0.5 * (16 / 20), 0.5 * (18 / 20)]);
    expect(objective.meta.range).toEqual([0, 1.5]);
    // without normalisation a lower-is-better term is negated
    const raw = factory.create({ terms: [{ reward: 'length', weight: 2 }] });
    expect(Array.from(raw.score(inputs))).toEqual([-8, -4]);
  });

  it('names the path, the rule and the plugin of invalid options', () => {
    try {
      factory.create({ terms: [{ reward: 'even-share', options: { k: 0 } }] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(BladeConfigError);
      const issue = (error as BladeConfigError).issues[0]!;
      expect(issue).toMatchObject({ path: 'objective.terms[0].options.k', rule: 'minimum', plugin: 'toy-plugin' });
      expect((error as Error).message).toBe(
        'objective.terms[0].options.k: must be >= 1 (rule: minimum, plugin: toy-plugin)',
      );
    }
  });

  it('reports unknown rewards with a suggestion and unknown term keys', () => {
    expect(() => factory.create({ terms: ['even-shar@3'] })).toThrow(
      /objective\.terms\[0\]\.reward: unknown reward 'even-shar@3' \(did you mean even-share\?\)/,
    );
    expect(() => factory.create({ terms: [{ reward: 'length', wieght: 2 }] })).toThrow(
      /objective\.terms\[0\]: unknown property 'wieght' \(rule: additionalProperties\)/,
    );
    expect(() => factory.create({ terms: ['length@3'] })).toThrow(/takes no @N suffix/);
    expect(() => factory.create({ terms: [{ reward: 'even-share@3', options: { k: 4 } }] })).toThrow(
      /conflicts with 'even-share@3'/,
    );
  });

  it('accepts namespace-qualified names', () => {
    expect(factory.resolve({ terms: ['toy/even-share@3'] })[0]!.options).toEqual({ k: 3 });
  });

  it('assembles a document schema with every reward option schema and validates documents', () => {
    const service = container.get<ConfigSchemaService>(ConfigSchemaService);
    const schema = service.documentSchema() as { $defs: Record<string, unknown>; properties: Record<string, unknown> };
    expect(Object.keys(schema.$defs)).toEqual(
      expect.arrayContaining(['reward-options.even-share', 'reward-options.length', 'objective-term']),
    );
    expect(schema.properties['objective']).toBeDefined();
    const doc = service.validate<{ objective: { terms: Array<{ options: unknown }> } }>({
      objective: { terms: ['even-share'] },
    });
    expect(doc.objective.terms[0]!.options).toEqual({ k: 5 });
    expect(() => service.validate({ objective: { terms: ['even-share'] }, extra: 1 })).toThrow(
      /\(root\): unknown property 'extra'/,
    );
    expect(() => service.validate({ objective: { terms: [{ reward: 'even-share', options: { k: 'x' } }] } })).toThrow(
      /objective\.terms\[0\]\.options\.k: must be integer \(rule: type, plugin: toy-plugin\)/,
    );
  });
});

describe('a corpus metric as an objective term', () => {
  /** A toy corpus metric: the share of distinct items among all slots of all lists. */
  const distinctShare: CorpusMetricDefinition<{ k: number }> = {
    meta: {
      id: 'distinct-share',
      description: 'Distinct items over all slots of all lists.',
      higherIsBetter: true,
      schema: {
        type: 'object',
        properties: { k: { type: 'integer', minimum: 1, default: 5 } },
        additionalProperties: false,
      },
      atParameter: 'k',
      requires: [],
      properties: [],
    },
    create(options) {
      return {
        meta: corpusMetricMeta(distinctShare, options, { range: [0, 1], cutoff: options.k }),
        compute: (inputs) => new Set(inputs.lists.items).size / inputs.lists.items.length,
      };
    },
  };
  const corpusPlugin = definePlugin({
    meta: { name: 'corpus-plugin', version: '1.0.0', namespace: 'corpus' },
    corpusMetrics: [distinctShare],
  });
  const factory = createBladeContainer({ plugins: [toyPlugin, corpusPlugin] }).get<ObjectiveFactory>(ObjectiveFactory);

  it('is refused with its own rule, naming its plugin, not as an unknown reward', () => {
    const why =
      'is a corpus metric (computed over all users at once), not a per-list reward, so it cannot be an objective term';
    try {
      factory.create({
        terms: ['even-share@2', 'distinct-share@10', { reward: 'corpus/distinct-share', weight: 2 }, 'distinct-shar'],
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(BladeConfigError);
      expect((error as BladeConfigError).issues).toEqual([
        {
          path: 'objective.terms[1].reward',
          message: `'distinct-share@10' ${why}`,
          rule: 'corpus-metric',
          plugin: 'corpus-plugin',
        },
        {
          path: 'objective.terms[2].reward',
          message: `'corpus/distinct-share' ${why}`,
          rule: 'corpus-metric',
          plugin: 'corpus-plugin',
        },
        {
          path: 'objective.terms[3].reward',
          message: "unknown reward 'distinct-shar' (known: even-share, length)",
          rule: 'unknown-reward',
        },
      ]);
      expect((error as Error).message.split('; ')[0]).toBe(
        `objective.terms[1].reward: 'distinct-share@10' ${why} (rule: corpus-metric, plugin: corpus-plugin)`,
      );
    }
  });
});

describe('registries', () => {
  it('refuse duplicate ids, naming both plugins', () => {
    const other = definePlugin({ meta: { name: 'other-plugin', version: '0.1.0' }, rewards: [evenShare] });
    const container = createBladeContainer({ plugins: [toyPlugin, other] });
    expect(() => container.get(ListRewardRegistry)).toThrow(
      /duplicate reward id 'even-share': registered by toy-plugin and by other-plugin/,
    );
  });

  it('refuse malformed ids when registering, and a broken schema on its first use, naming the plugin', () => {
    const container = createBladeContainer();
    const registry = container.get<ListRewardRegistry>(ListRewardRegistry);
    expect(() => registry.register({ ...evenShare, meta: { ...evenShare.meta, id: 'Bad Id' } })).toThrow(/invalid/);
    expect(() =>
      registry.register({ ...evenShare, meta: { ...evenShare.meta, id: 'no-schema', schema: null as never } }),
    ).toThrow(/invalid options schema: not an object/);
    registry.register({
      ...evenShare,
      meta: { ...evenShare.meta, id: 'broken', plugin: 'toy-plugin', schema: { type: 'nonsense' } },
    });
    expect(() => registry.create('broken')).toThrow(/reward 'broken' from toy-plugin has an invalid options schema/);
    const dispose = registry.register(evenShare);
    expect(registry.has('even-share')).toBe(true);
    dispose();
    expect(registry.has('even-share')).toBe(false);
  });
});
