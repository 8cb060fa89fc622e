import { Type } from '@bladerec/core';
import type { ServeOptions } from '../config/serve-options.js';

type Limits = ServeOptions['limits'];

const itemId = Type.String({ minLength: 1, maxLength: 512 });

/** A context: who the lists are for and what is relevant (the trainer's example: targets and history). */
export const contextSchema = (limits: Limits) =>
  Type.Object(
    {
      id: Type.Optional(
        Type.String({
          minLength: 1,
          maxLength: 512,
          description: 'Context (prompt) id: the prior is kept per id (default: user).',
        }),
      ),
      user: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
      relevant: Type.Optional(
        Type.Union(
          [
            Type.Array(itemId, { maxItems: limits.contextItems }),
            Type.Record(Type.String({ minLength: 1, maxLength: 512 }), Type.Number({ minimum: 0 }), {
              maxProperties: limits.contextItems,
            }),
          ],
          { description: 'Relevant items (grade 1), or {item: grade}.' },
        ),
      ),
      history: Type.Optional(Type.Array(itemId, { maxItems: limits.contextItems })),
    },
    { additionalProperties: false },
  );
/** A context as requests give it (see {@link contextSchema}). */
export interface ContextInput {
  readonly id?: string;
  readonly user?: string;
  readonly relevant?: readonly string[] | Readonly<Record<string, number>>;
  readonly history?: readonly string[];
}

/** The fields of a rollout: item ids, or generated text (`1. Title …`) grounded to catalog items (exactly one). */
const rolloutFields = (limits: Limits) => ({
  items: Type.Optional(Type.Array(itemId, { maxItems: limits.listLength, description: 'Item ids, ranked.' })),
  text: Type.Optional(Type.String({ maxLength: limits.textLength, description: 'Generated text: numbered titles.' })),
});

/** A rollout (see {@link rolloutFields}). */
export const rolloutSchema = (limits: Limits) => Type.Object(rolloutFields(limits), { additionalProperties: false });
export interface RolloutInput {
  readonly items?: readonly string[];
  readonly text?: string;
}

/** `POST /v1/rewards`. */
export const rewardsBody = (limits: Limits) =>
  Type.Object(
    {
      lists: Type.Array(
        Type.Object({ context: contextSchema(limits), ...rolloutFields(limits) }, { additionalProperties: false }),
        { minItems: 1, maxItems: limits.lists },
      ),
    },
    { additionalProperties: false },
  );

/** `POST /v1/targets`: groups of N rollouts (lists or their rewards), one trainer step. */
export const targetsBody = (limits: Limits) =>
  Type.Object(
    {
      groups: Type.Array(
        Type.Object(
          {
            context: contextSchema(limits),
            rollouts: Type.Optional(Type.Array(rolloutSchema(limits), { minItems: 2, maxItems: limits.lists })),
            rewards: Type.Optional(
              Type.Array(Type.Number(), {
                minItems: 2,
                maxItems: limits.lists,
                description: "The rollouts' objective values, when scored elsewhere.",
              }),
            ),
          },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: limits.lists },
      ),
    },
    { additionalProperties: false },
  );

/** `POST /v1/priors/seed`: reference-policy rollouts (or their rewards) per context. */
export const seedBody = (limits: Limits) =>
  Type.Object(
    {
      seeds: Type.Array(
        Type.Object(
          {
            context: contextSchema(limits),
            rollouts: Type.Optional(Type.Array(rolloutSchema(limits), { minItems: 1, maxItems: limits.lists })),
            rewards: Type.Optional(Type.Array(Type.Number(), { minItems: 1, maxItems: limits.lists })),
          },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: limits.lists },
      ),
    },
    { additionalProperties: false },
  );

/** OpenRLHF's remote reward-model request (`--remote_rm_url`): `query` = prompt + response. */
export const openRlhfBody = (limits: Limits) =>
  Type.Object(
    {
      query: Type.Array(Type.String({ maxLength: limits.textLength * 4 }), { minItems: 1, maxItems: limits.lists }),
      prompts: Type.Optional(Type.Array(Type.String({ maxLength: limits.textLength * 4 }), { maxItems: limits.lists })),
      labels: Type.Optional(
        Type.Array(Type.Union([Type.String({ maxLength: limits.textLength * 4 }), Type.Object({})]), {
          maxItems: limits.lists,
        }),
      ),
    },
    { additionalProperties: true },
  );
