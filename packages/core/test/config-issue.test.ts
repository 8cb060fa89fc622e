import { describe, expect, it } from 'vitest';
import {
  BladeConfigError,
  ConfigSchemaContribution,
  ConfigSchemaService,
  createAjv,
  createBladeContainer,
  definePlugin,
  issuesFromAjv,
  type ListRewardDefinition,
  ListRewardRegistry,
  ObjectiveFactory,
  rewardMeta,
  schemaSection,
  type Static,
  Type,
} from '../src/internal.js';

const Gain = Type.Union([Type.Literal('linear'), Type.Literal('exp')], { default: 'linear' });
const ToyOptions = Type.Object(
  { gain: Gain, k: Type.Integer({ minimum: 1, default: 3 }) },
  { additionalProperties: false },
);
const toy: ListRewardDefinition<Static<typeof ToyOptions>> = {
  meta: {
    id: 'toy',
    description: 'Constant 0.',
    higherIsBetter: true,
    schema: ToyOptions,
    atParameter: 'k',
    requires: [],
    properties: [],
    unknownItems: 'zero-gain',
  },
  create(options) {
    return {
      meta: rewardMeta(toy, options, { range: [0, 1], cutoff: options.k }),
      score: (inputs, out = new Float64Array(inputs.lists.size)) => out.fill(0),
    };
  },
};
const Sft = Type.Object(
  {
    targets: Type.Union([Type.Literal('all'), Type.Literal('last'), Type.Literal(3)], { default: 'all' }),
    klCoef: Type.Union([Type.Number({ minimum: 0 }), Type.Literal('bon')], { default: 0.1 }),
  },
  { additionalProperties: false },
);

const messageOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BladeConfigError);
    return (error as Error).message;
  }
  return expect.unreachable('no error');
};

describe('a value outside a union of constants', () => {
  const container = createBladeContainer({
    plugins: [definePlugin({ meta: { name: 'toy-plugin', version: '1.0.0' }, rewards: [toy] })],
  });
  container.bind(ConfigSchemaContribution).toConstantValue(schemaSection('sft', Sft));
  const service = container.get<ConfigSchemaService>(ConfigSchemaService);

  it('is one issue listing the allowed values (rule enum)', () => {
    const validate = createAjv().compile(Sft);
    expect(validate({ targets: 'al' })).toBe(false);
    expect(validate.errors!.map((e) => e.keyword)).toEqual(['const', 'const', 'type', 'const', 'anyOf']); // what ajv reports
    expect(issuesFromAjv(validate.errors, 'sft')).toEqual([
      { path: 'sft.targets', message: "must be one of 'all', 'last', 3", rule: 'enum', plugin: undefined },
    ]);
    expect(messageOf(() => service.validate({ sft: { targets: 'al' } }))).toBe(
      "sft.targets: must be one of 'all', 'last', 3 (rule: enum)",
    );
  });

  it('keeps the plugin whose option schema it comes from', () => {
    const expected = "objective.terms[0].options.gain: must be one of 'linear', 'exp' (rule: enum, plugin: toy-plugin)";
    expect(
      messageOf(() =>
        container
          .get<ObjectiveFactory>(ObjectiveFactory)
          .create({ terms: [{ reward: 'toy', options: { gain: 'log' } }] }),
      ),
    ).toBe(expected);
    expect(
      messageOf(() => service.validate({ objective: { terms: [{ reward: 'toy@3', options: { gain: 'log' } }] } })),
    ).toBe(expected);
    expect(messageOf(() => container.get<ListRewardRegistry>(ListRewardRegistry).create('toy', { gain: 5 }))).toBe(
      "options.gain: must be one of 'linear', 'exp' (rule: enum, plugin: toy-plugin)",
    );
  });

  it('leaves unions that are not all constants as ajv reports them', () => {
    const message = messageOf(() => service.validate({ sft: { klCoef: 'bo' } }));
    expect(message).toBe(
      'sft.klCoef: must be number (rule: type); sft.klCoef: must be equal to constant (rule: const); sft.klCoef: must match a schema in anyOf (rule: anyOf)',
    );
  });
});
