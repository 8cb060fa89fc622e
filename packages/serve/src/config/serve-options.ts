import { type Static, Type } from '@bladerec/core';

/**
 * The `serve` section of a config (`blade serve --config <file>`); the file's `objective`, `align`
 * (algorithm, prior, evidence, target, terms) and `plugins` are read as the trainer reads them.
 */
export const ServeOptions = Type.Object(
  {
    host: Type.String({
      default: '127.0.0.1',
      description: 'Address to bind; 127.0.0.1 (loopback only) unless told otherwise.',
    }),
    port: Type.Integer({ minimum: 0, maximum: 65535, default: 8470, description: 'TCP port (0: any free port).' }),
    token: Type.Optional(
      Type.String({
        minLength: 16,
        description:
          'Bearer token every request must carry (`Authorization: Bearer <token>`); none: no check. BLADE_SERVE_TOKEN overrides it.',
      }),
    ),
    catalog: Type.Optional(
      Type.String({
        description:
          'Item catalog (canonical catalog.json/.jsonl, relative to the config file): the item space, item side information and titles for grounding. Without it, item ids are compared as given.',
      }),
    ),
    algorithm: Type.Optional(
      Type.Union([Type.Literal('blade'), Type.Literal('vbon'), Type.Literal('bond')], {
        description: "Target preset; default: align.algorithm, else 'blade'.",
      }),
    ),
    advantage: Type.Object(
      {
        kind: Type.Union([Type.Literal('loo'), Type.Literal('group-normalized')], {
          default: 'loo',
          description: 'RLOO (leave-one-out) or GRPO (group-normalised) advantages.',
        }),
        reward: Type.Union([Type.Literal('log-weight'), Type.Literal('target')], {
          default: 'log-weight',
          description:
            "What the advantage is of: the target's log-weight log w_i (BLADE's, vBoN's and BOND's policy-gradient term) or its reward R_i.",
        }),
      },
      { additionalProperties: false, default: { kind: 'loo', reward: 'log-weight' } },
    ),
    limits: Type.Object(
      {
        bodyBytes: Type.Integer({ minimum: 1024, default: 1_048_576, description: 'Largest request body (bytes).' }),
        lists: Type.Integer({ minimum: 1, default: 256, description: 'Most lists (rollouts) per request.' }),
        listLength: Type.Integer({
          minimum: 1,
          default: 100,
          description: 'Most items per list (and titles per generated text).',
        }),
        contextItems: Type.Integer({
          minimum: 1,
          default: 1000,
          description: 'Most relevant or history items per context.',
        }),
        textLength: Type.Integer({ minimum: 1, default: 20_000, description: 'Longest generated text (characters).' }),
      },
      { additionalProperties: false, default: {} },
    ),
    grounding: Type.Object(
      {
        threshold: Type.Number({
          minimum: -1,
          maximum: 1,
          default: 0.6,
          description: 'Least cosine similarity of title embeddings for a nearest-title match.',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    store: Type.Union(
      [
        Type.Object(
          {
            kind: Type.Literal('memory'),
            snapshot: Type.Optional(
              Type.String({
                description:
                  'Snapshot file (relative to the config file): restored on start, rewritten atomically (temp + rename).',
              }),
            ),
            snapshotEveryMs: Type.Optional(
              Type.Integer({
                minimum: 100,
                description: 'Snapshot at most this often while updates arrive (and on shutdown); default 5000.',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        Type.Object(
          {
            kind: Type.Literal('redis'),
            url: Type.Optional(
              Type.String({
                description: 'Redis URL (BLADE_SERVE_REDIS_URL overrides it); default redis://127.0.0.1:6379.',
              }),
            ),
            prefix: Type.Optional(
              Type.String({
                minLength: 1,
                description: 'Key prefix: replicas with the same prefix share one prior; default bladerec.',
              }),
            ),
          },
          { additionalProperties: false },
        ),
      ],
      {
        default: { kind: 'memory' },
        description: "Prior store: 'memory' (one process) or 'redis' (shared by replicas).",
      },
    ),
  },
  { additionalProperties: false },
);
export type ServeOptions = Static<typeof ServeOptions>;
