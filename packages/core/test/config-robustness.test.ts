import { describe, expect, it } from 'vitest';
import {
  BladeConfigError,
  ConfigSchemaService,
  ObjectiveFactory,
  createBladeContainer,
  definePlugin,
  type ListRewardDefinition,
  rewardMeta,
} from '../src/index.js';

/** A toy reward with an unbounded range and a numeric option, for config checks. */
const count: ListRewardDefinition<{ k: number; scale: number }> = {
  meta: {
    id: 'count',
    description: 'Scaled number of slots in the first k.',
    higherIsBetter: true,
    schema: {
      type: 'object',
      properties: { k: { type: 'integer', minimum: 1, default: 5 }, scale: { type: 'number', default: 1 } },
      additionalProperties: false,
    },
    atParameter: 'k',
    requires: [],
    properties: [],
    unknownItems: 'zero-gain',
  },
  create(options) {
    return {
      meta: rewardMeta(count, options, { range: [0, Number.POSITIVE_INFINITY], cutoff: options.k }),
      score: (inputs, out = new Float64Array(inputs.lists.size)) => out.fill(options.scale),
    };
  },
};
/** A lower-is-better toy reward: the number of slots, over k. */
const crowding: ListRewardDefinition<{ k: number }> = {
  meta: {
    ...count.meta,
    id: 'crowding',
    higherIsBetter: false,
    schema: {
      type: 'object',
      properties: { k: { type: 'integer', minimum: 1, default: 5 } },
      additionalProperties: false,
    },
  },
  create(options) {
    return {
      meta: rewardMeta(crowding, options, { range: [0, 1], cutoff: options.k }),
      score: (inputs, out = new Float64Array(inputs.lists.size)) => out.fill(0.5),
    };
  },
};
const plugin = definePlugin({ meta: { name: 'toy', version: '1.0.0' }, rewards: [count, crowding] });
const schemas = () => createBladeContainer({ plugins: [plugin] }).get<ConfigSchemaService>(ConfigSchemaService);

function issuesOf(document: unknown): unknown[] {
  try {
    schemas().validate(document, { file: 'run.yaml' });
  } catch (error) {
    if (error instanceof BladeConfigError)
      return error.issues.map(({ path, message, rule }) => ({ path, message, rule }));
    throw error;
  }
  return [];
}

describe('every number in a config is finite', () => {
  it.each([
    ['+Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['NaN', Number.NaN],
  ])('a term weight of %s is a named type error', (_name, weight) => {
    expect(issuesOf({ objective: { terms: ['count@3', { reward: 'count', weight }] } })).toEqual([
      { path: 'objective.terms[1].weight', message: 'must be a finite number', rule: 'type' },
    ]);
  });

  it("a non-finite number inside a plugin's options is refused too", () => {
    expect(
      issuesOf({ objective: { terms: [{ reward: 'count', options: { scale: Number.POSITIVE_INFINITY } }] } }),
    ).toEqual([{ path: 'objective.terms[0].options.scale', message: 'must be a finite number', rule: 'type' }]);
  });

  it("normalize: 'range' on a reward with an unbounded range is a config issue, not a crash", () => {
    expect(issuesOf({ objective: { terms: [{ reward: 'count', normalize: 'range' }] } })).toEqual([
      {
        path: 'objective.terms[0].normalize',
        message: "'range' needs a finite declared range, but count@5 has [0, Infinity]",
        rule: 'range',
      },
    ]);
  });
});

describe('objective signs say what is optimised', () => {
  const factory = () => createBladeContainer({ plugins: [plugin] }).get<ObjectiveFactory>(ObjectiveFactory);

  it('the name shows the real sign: a lower-is-better term with a positive weight is subtracted', () => {
    const objective = factory().create({
      terms: ['count@3', { reward: 'crowding@3', weight: 0.1 }, { reward: 'count@2', weight: 0.5 }],
    });
    expect(objective.meta.name).toBe('count@3 − 0.1·crowding@3 + 0.5·count@2');
    expect(factory().create({ terms: ['crowding'] }).meta.name).toBe('−crowding@5');
    expect(factory().create({ terms: [{ reward: 'crowding', normalize: 'range', weight: 2 }] }).meta.name).toBe(
      '2·norm(crowding@5)',
    );
  });

  it('a negative weight on a lower-is-better term is refused unless invert: true confirms it', () => {
    expect(issuesOf({ objective: { terms: ['count', { reward: 'crowding@3', weight: -0.1 }] } })).toEqual([
      {
        path: 'objective.terms[1].weight',
        message:
          'crowding@3 is lower-is-better and is already negated for you, so weight -0.1 would reward a larger crowding@3; ' +
          'write weight 0.1 to penalise it (or set invert: true if a larger value is what you want)',
        rule: 'sign',
      },
    ]);
    const inverted = factory().create({ terms: ['count', { reward: 'crowding@3', weight: -0.1, invert: true }] });
    expect(inverted.meta.name).toBe('count@5 + 0.1·crowding@3');
    expect(issuesOf({ objective: { terms: [{ reward: 'count', weight: -1, invert: true }] } })).toEqual([
      {
        path: 'objective.terms[0].invert',
        message: 'invert: true only confirms a negative weight on a lower-is-better reward',
        rule: 'sign',
      },
    ]);
    // a negative weight on a higher-is-better reward means "less of it" and needs no flag
    expect(factory().create({ terms: ['count', { reward: 'count@2', weight: -0.5 }] }).meta.name).toBe(
      'count@5 − 0.5·count@2',
    );
  });
});

describe('a config reports every issue of the file in one run', () => {
  it('an unknown reward does not hide a misspelt field or a bad option value elsewhere', () => {
    const document = {
      objective: {
        terms: ['cuont@3', { reward: 'crowding', wieght: 2 }, { reward: 'count@2', options: { scale: 'big' } }],
      },
      extra: true,
    };
    expect(issuesOf(document)).toEqual([
      {
        path: 'objective.terms[0].reward',
        message: "unknown reward 'cuont@3' (did you mean count?)",
        rule: 'unknown-reward',
      },
      { path: '(root)', message: "unknown property 'extra'", rule: 'additionalProperties' },
      { path: 'objective.terms[1]', message: "unknown property 'wieght'", rule: 'additionalProperties' },
      { path: 'objective.terms[2].options.scale', message: 'must be number', rule: 'type' },
    ]);
  });
});
