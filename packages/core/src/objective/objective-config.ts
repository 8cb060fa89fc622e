import { type Static, Type } from '@sinclair/typebox';

/** How a term's raw score is mapped before weighting. */
export const TermNormalization = Type.Union([Type.Literal('none'), Type.Literal('range')], {
  default: 'none',
  description:
    "'none': use the score as is (negated when lower is better); 'range': map the declared range to [0, 1] with 1 = best (needs a finite range).",
});
export type TermNormalization = Static<typeof TermNormalization>;

/** One weighted reward term of an objective (object form). */
export const ObjectiveTermConfig = Type.Object(
  {
    reward: Type.String({ description: 'Reward id or alias, e.g. "ndcg", "ndcg@10", "acme/novelty".' }),
    options: Type.Optional(
      Type.Object(
        {},
        { additionalProperties: true, description: "Options of the reward (validated by the reward's own schema)." },
      ),
    ),
    weight: Type.Number({
      minimum: -1e6,
      maximum: 1e6,
      default: 1,
      description:
        'Weight of the term in the weighted sum, a finite number in [-1e6, 1e6]. A lower-is-better reward is already negated: give it a positive weight to penalise it.',
    }),
    normalize: TermNormalization,
    name: Type.Optional(
      Type.String({ description: "Display name in logs (default: the configured reward's name, e.g. ndcg@10)." }),
    ),
    invert: Type.Optional(
      Type.Boolean({
        description:
          'Confirms a negative weight on a lower-is-better reward (which rewards a larger value); refused otherwise.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ObjectiveTermConfig = Static<typeof ObjectiveTermConfig>;

/**
 * An objective: a weighted sum of reward terms. A term may be written as a string (`"ndcg@10"`),
 * shorthand for `{ "reward": "ndcg@10" }`.
 */
export const ObjectiveConfig = Type.Object(
  {
    terms: Type.Array(Type.Union([Type.String(), ObjectiveTermConfig]), { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type ObjectiveConfig = Static<typeof ObjectiveConfig>;

/** An objective term after normalisation: object form, alias expanded into `options`, defaults filled. */
export interface ResolvedTermConfig {
  readonly reward: string;
  readonly options: Record<string, unknown>;
  readonly weight: number;
  readonly normalize: TermNormalization;
  /** The display name the config gave, if any (else the reward instance's name is used). */
  readonly name?: string;
  /** Set when the config confirms a negative weight on a lower-is-better reward. */
  readonly invert?: boolean;
}
