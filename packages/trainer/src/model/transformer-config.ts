import { type Static, Type } from '@bladerec/core';

/**
 * Shape of the decoder-only transformer over item tokens. The attention window (`context`) is the
 * number of most recent tokens each position sees; positions are encoded with ALiBi biases, so the
 * same weights score a short history, a long one, and the items generated after it.
 */
export const TransformerConfig = Type.Object(
  {
    layers: Type.Integer({ minimum: 1, maximum: 48, default: 2, description: 'Number of transformer blocks.' }),
    dModel: Type.Integer({
      minimum: 4,
      maximum: 4096,
      default: 64,
      description: 'Width of the residual stream (divisible by heads).',
    }),
    heads: Type.Integer({ minimum: 1, maximum: 64, default: 4, description: 'Attention heads.' }),
    ffnMultiplier: Type.Integer({
      minimum: 1,
      maximum: 16,
      default: 4,
      description: 'Feed-forward width as a multiple of dModel.',
    }),
    context: Type.Integer({
      minimum: 2,
      maximum: 1024,
      default: 12,
      description: 'Attention window in tokens (history items kept per user).',
    }),
    dropout: Type.Number({
      minimum: 0,
      exclusiveMaximum: 1,
      default: 0.1,
      description: 'Dropout on embeddings and residual branches during training.',
    }),
    initFromCatalog: Type.Boolean({
      default: false,
      description: "Initialise item embeddings from the catalog's text embeddings (projected to dModel).",
    }),
    transition: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 16,
        default: 0,
        description:
          'FPMC-style transition term: the learned transition embeddings of the last this many items, ' +
          'weighted per lag, are added to the hidden state before the output layer (0 = off).',
      }),
    ),
    countPrior: Type.Optional(
      Type.Object(
        {
          smoothing: Type.Number({
            exclusiveMinimum: 0,
            default: 1,
            description:
              'Dirichlet smoothing λ of p̂(i | j) = (c(j,i) + λ·p_pop(i)) / (c(j) + λ) ' + 'toward training popularity.',
          }),
          lags: Type.Optional(
            Type.Integer({
              minimum: 1,
              maximum: 16,
              default: 1,
              description:
                'Lag priors: Σ_ℓ γ_ℓ·log p̂_ℓ(next | item ℓ steps back) for ℓ = 1 … lags, each counted like the ' +
                'first-order prior over the pairs (s_t, s_{t+ℓ}), γ_1 init 1 and γ_ℓ>1 init lagInit (learned); 1 = the first-order prior.',
            }),
          ),
          lagInit: Type.Optional(
            Type.Number({
              minimum: -10,
              maximum: 10,
              default: 0,
              description:
                'Initial weight γ_ℓ of the lag priors ℓ ≥ 2 (0: a fresh model is exactly the first-order prior).',
            }),
          ),
          repeat: Type.Optional(
            Type.Boolean({
              default: false,
              description:
                'Repeat term: ω·[i ∈ history] in the logits, ω learned (init repeatInit), so the policy learns how ' +
                'likely a history item is to come again (e.g. never, in data without repeats).',
            }),
          ),
          repeatInit: Type.Optional(
            Type.Number({
              minimum: -20,
              maximum: 20,
              default: 0,
              description:
                'Initial repeat weight ω (0: a fresh model is the count prior alone; e.g. −5: history items start ' +
                'e⁵ times less likely).',
            }),
          ),
        },
        {
          additionalProperties: false,
          description:
            'Count-based transition prior: γ·log p̂(next | last item), with counts of the SFT training ' +
            'sequences and a learned γ (init 1), added to the logits; stored in the model (absent = off).',
        },
      ),
    ),
  },
  { additionalProperties: false },
);
export type TransformerConfig = Static<typeof TransformerConfig>;

/** Cross-field checks TypeBox cannot express; returns problems as `path: message`. */
export function checkTransformerConfig(config: TransformerConfig): string[] {
  const problems: string[] = [];
  if (config.dModel % config.heads !== 0)
    problems.push(`dModel: ${config.dModel} is not divisible by heads (${config.heads})`);
  return problems;
}
