import { describe, expect, it } from 'vitest';
import {
  ConfigSchemaContribution,
  ConfigSchemaService,
  createAjv,
  createBladeContainer,
  definePlugin,
  type JsonSchema,
  type ListRewardDefinition,
  publishedSchema,
  rewardMeta,
  schemaSection,
  type Static,
  Type,
} from '../src/internal.js';

// TypeBox lists `mode` and `k` as required although both have defaults; `seed` has none.
const ToyOptions = Type.Object(
  {
    k: Type.Integer({ minimum: 1, default: 10 }),
    mode: Type.Union([Type.Literal('a'), Type.Literal('b')], { default: 'a' }),
  },
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
const Training = Type.Object(
  {
    seed: Type.Integer(),
    steps: Type.Integer({ minimum: 1, default: 100 }),
    schedule: Type.Object(
      {
        kind: Type.Union([Type.Literal('constant'), Type.Literal('cosine')], { default: 'constant' }),
        warmup: Type.Integer({ default: 0 }),
      },
      { default: {} },
    ),
  },
  { additionalProperties: false },
);

describe('the published config schema', () => {
  const container = createBladeContainer({
    plugins: [definePlugin({ meta: { name: 'toy-plugin', version: '1.0.0' }, rewards: [toy] })],
  });
  container.bind(ConfigSchemaContribution).toConstantValue(schemaSection('training', Training));
  const service = container.get<ConfigSchemaService>(ConfigSchemaService);
  // an editor: no defaults filled in
  const validate = createAjv({ useDefaults: false }).compile(service.documentSchema());

  it('accepts documents that leave defaulted fields out', () => {
    const minimal = [
      { objective: { terms: [{ reward: 'toy@10' }] } },
      {
        objective: {
          terms: [
            { reward: 'toy', options: { mode: 'b' } },
            { reward: 'toy', options: {}, weight: 2 },
          ],
        },
      },
      { training: { seed: 1 } },
      { training: { seed: 1, schedule: { kind: 'cosine' } } },
    ];
    for (const document of minimal)
      expect(validate(document), `${JSON.stringify(document)}: ${JSON.stringify(validate.errors)}`).toBe(true);
    // bladerec's own validation accepts them too, and fills the defaults in
    expect(service.validate({ training: { seed: 1, schedule: {} } })).toEqual({
      training: { seed: 1, steps: 100, schedule: { kind: 'constant', warmup: 0 } },
    });
  });

  it('still rejects a missing field without default, and wrong values', () => {
    expect(validate({ training: {} })).toBe(false);
    expect(validate.errors).toContainEqual(
      expect.objectContaining({ keyword: 'required', params: { missingProperty: 'seed' } }),
    );
    expect(validate({ objective: { terms: [{ weight: 1 }] } })).toBe(false); // a term without `reward`
    expect(validate({ objective: { terms: [{ reward: 'toy', options: { mode: 'c' } }] } })).toBe(false);
  });

  it("leaves the plugins' and sections' schema objects unchanged", () => {
    expect(ToyOptions.required).toEqual(['k', 'mode']);
    expect(Training.required).toEqual(['seed', 'steps', 'schedule']);
    expect(Training.properties.schedule.required).toEqual(['kind', 'warmup']);
  });
});

describe('publishedSchema', () => {
  it('drops defaulted properties from required at every depth, and an empty required', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'number', default: 1 } },
      required: ['a', 'b'],
      $defs: { d: { type: 'object', properties: { x: { default: 0 } }, required: ['x'] } },
      allOf: [
        {
          if: { properties: { a: { const: 'p' } }, required: ['a'] },
          then: { properties: { c: { default: null } }, required: ['c'] },
        },
      ],
      items: { type: 'object', properties: { y: { default: 'z' } }, required: ['y'] },
    };
    const before = structuredClone(schema);
    expect(publishedSchema(schema)).toEqual({
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'number', default: 1 } },
      required: ['a'],
      $defs: { d: { type: 'object', properties: { x: { default: 0 } } } },
      allOf: [
        { if: { properties: { a: { const: 'p' } }, required: ['a'] }, then: { properties: { c: { default: null } } } },
      ],
      items: { type: 'object', properties: { y: { default: 'z' } } },
    });
    expect(schema).toEqual(before);
  });

  it('copies data keywords as they are and treats property names as names', () => {
    const data = { properties: { q: { default: 1 } }, required: ['q'] };
    // `default` and `enum` hold data that looks like a schema; `default` here is also a property name
    const schema: JsonSchema = {
      type: 'object',
      properties: { default: { type: 'object', default: data, enum: [data] }, required: { type: 'string' } },
      required: ['required'],
    };
    const out = publishedSchema(schema) as { properties: { default: { default: unknown; enum: unknown[] } } };
    expect(out.properties.default.default).toEqual(data);
    expect(out.properties.default.enum).toEqual([data]);
    expect(out).toMatchObject({ required: ['required'] });
  });
});
