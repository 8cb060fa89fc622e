import { timingSafeEqual } from 'node:crypto';
import { MetricValueError } from '@bladerec/core';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { BladeService, ListRequest } from '../service/blade-service.js';
import { RequestError } from '../service/request-error.js';
import type { ContextInput, RolloutInput } from './request-schemas.js';
import { openRlhfBody, rewardsBody, seedBody, targetsBody } from './request-schemas.js';

/** The JSON body of every error reply. */
export interface ErrorBody {
  readonly error: {
    readonly field?: string;
    readonly reason: string;
    readonly plugin?: string;
    readonly metric?: string;
  };
}

/** `/instance/path/0` (ajv's JSON pointer) → `instance.path[0]`. */
function dotted(pointer: string, extra?: string): string {
  let out = '';
  for (const raw of [...pointer.split('/').slice(1), ...(extra ? [extra] : [])]) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(part) ? `[${part}]` : out === '' ? part : `.${part}`;
  }
  return out === '' ? '(body)' : out;
}

/** The field and reason of a fastify validation error (its first ajv error). */
function validationIssue(error: FastifyError): { field: string; reason: string } {
  const first = error.validation?.[0];
  if (!first) return { field: '(body)', reason: error.message };
  const params = first.params as Record<string, unknown>;
  const extra = (params['missingProperty'] ?? params['additionalProperty']) as string | undefined;
  const reason =
    params['additionalProperty'] !== undefined
      ? 'is not allowed here'
      : params['missingProperty'] !== undefined
        ? 'is required'
        : (first.message ?? 'is invalid');
  return { field: dotted(first.instancePath, extra), reason };
}

/**
 * The HTTP service of `blade serve` (Fastify; request bodies validated by ajv from the TypeBox schemas
 * of `request-schemas.ts`, with `serve.limits` as their bounds):
 * - `POST /v1/rewards`: per-term and total rewards of lists;
 * - `POST /v1/targets`: BLADE (or static Best-of-N) targets of groups of N rollouts, updating the prior;
 * - `POST /v1/priors/seed`: seeds contexts' priors with reference-policy rollouts, as the trainer does;
 * - `POST /v1/openrlhf/get_reward` (also `/get_reward`): OpenRLHF's remote reward-model shape;
 * - `GET /v1/health`: configuration summary and prior version.
 * A bad request gets 400 `{error: {field, reason}}`; a reward plugin that throws or breaks its range
 * gets 500 `{error: {plugin, metric, reason}}` and the server keeps serving; a wrong or missing
 * bearer token (when `serve.token` is set) gets 401; a body over `serve.limits.bodyBytes` 413.
 */
export function createServer(
  service: BladeService,
  options: { readonly token?: string; readonly logger?: boolean } = {},
): FastifyInstance {
  const { limits } = service.setup.options;
  const app = Fastify({
    bodyLimit: limits.bodyBytes,
    logger: options.logger ?? false,
    // validate as written: no type coercion, no silently dropped fields
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false, useDefaults: false } },
  });
  const expected = options.token === undefined ? undefined : Buffer.from(`Bearer ${options.token}`);
  if (expected) {
    app.addHook('onRequest', async (request, reply) => {
      const given = Buffer.from(request.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        await reply
          .code(401)
          .header('www-authenticate', 'Bearer')
          .send({ error: { field: 'authorization', reason: 'missing or wrong bearer token' } } satisfies ErrorBody);
      }
    });
  }
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error.validation) return reply.code(400).send({ error: validationIssue(error) } satisfies ErrorBody);
    if (error instanceof RequestError)
      return reply.code(400).send({ error: { field: error.field, reason: error.reason } } satisfies ErrorBody);
    if (error instanceof MetricValueError) {
      const { plugin, metric, what } = error.problem;
      request.log.error(error);
      return reply.code(500).send({ error: { plugin, metric, reason: what } } satisfies ErrorBody);
    }
    if (error.statusCode === 413)
      return reply.code(413).send({
        error: { field: '(body)', reason: `larger than ${limits.bodyBytes} bytes (serve.limits.bodyBytes)` },
      } satisfies ErrorBody);
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return reply
        .code(error.statusCode)
        .send({ error: { field: '(body)', reason: error.message } } satisfies ErrorBody);
    }
    request.log.error(error);
    return reply.code(500).send({ error: { reason: `internal error: ${error.message}` } } satisfies ErrorBody);
  });

  app.get('/v1/health', async () => ({
    status: 'ok',
    objective: service.setup.objective.meta.name,
    terms: service.termNames,
    algorithm: service.setup.algorithm,
    components: service.setup.components,
    mode: service.setup.mode,
    store: service.backend.kind,
    priorVersion: service.backend.version,
  }));

  app.post<{ Body: { lists: (RolloutInput & { context: ContextInput })[] } }>(
    '/v1/rewards',
    { schema: { body: rewardsBody(limits) } },
    async (request) => {
      const lists: ListRequest[] = request.body.lists.map((l, i) => ({
        context: l.context,
        rollout: l,
        field: `lists[${i}]`,
        contextField: `lists[${i}].context`,
      }));
      const scored = service.score(lists);
      const names = service.termNames;
      return {
        terms: names,
        rewards: Array.from(scored.total, (total, b) => ({
          total,
          terms: Object.fromEntries(names.map((name, t) => [name, scored.raw[t]![b]!])),
        })),
        grounding: scored.grounding,
        unknownItems: scored.unknownItems,
      };
    },
  );

  app.post<{ Body: { groups: { context: ContextInput; rollouts?: RolloutInput[]; rewards?: number[] }[] } }>(
    '/v1/targets',
    { schema: { body: targetsBody(limits) } },
    async (request) => ({ algorithm: service.setup.algorithm, ...(await service.targets(request.body.groups)) }),
  );

  app.post<{ Body: { seeds: { context: ContextInput; rollouts?: RolloutInput[]; rewards?: number[] }[] } }>(
    '/v1/priors/seed',
    { schema: { body: seedBody(limits) } },
    async (request) => service.seed(request.body.seeds),
  );

  const openRlhf = async (request: { body: OpenRlhfRequest; query: unknown }) =>
    openRlhfReward(service, request.body, (request.query as { reward?: string }).reward);
  for (const path of ['/v1/openrlhf/get_reward', '/get_reward']) {
    app.post<{ Body: OpenRlhfRequest }>(path, { schema: { body: openRlhfBody(limits) } }, openRlhf);
  }
  return app;
}

/** OpenRLHF's remote reward-model request. */
interface OpenRlhfRequest {
  readonly query: string[];
  readonly prompts?: string[];
  readonly labels?: (string | Record<string, unknown>)[];
}

/** What an OpenRLHF request may ask for (`?reward=`): the objective value, or a target quantity per rollout. */
const TARGET_FIELDS = { advantage: 'advantage', 'log-weight': 'logWeight', target: 'targetReward' } as const;

/**
 * OpenRLHF's remote reward model: `query[i]` is prompt + response (the response is what follows
 * `prompts[i]`), `labels[i]` the context (`{"id", "relevant", "history"}` as JSON text or object, from
 * `--label_key`). The reply is `{rewards, scores, extra_logs}` with one reward per query: the
 * objective's value, or with `?reward=advantage|log-weight|target` the BLADE target quantity of each
 * rollout, its group being the queries of the same context id (all groups of a call the same size).
 */
async function openRlhfReward(service: BladeService, body: OpenRlhfRequest, reward = 'objective'): Promise<unknown> {
  const { query, prompts, labels } = body;
  if (prompts && prompts.length !== query.length)
    throw new RequestError('prompts', `has ${prompts.length} entries but query has ${query.length}`);
  if (!labels || labels.length !== query.length)
    throw new RequestError(
      'labels',
      `needs one context per query (${query.length}): pass --label_key with {"id", "relevant", "history"} objects`,
    );
  if (reward !== 'objective' && !(reward in TARGET_FIELDS))
    throw new RequestError('reward', `must be objective, ${Object.keys(TARGET_FIELDS).join(', ')}`);
  const contexts = labels.map((label, i): ContextInput => {
    let value: unknown = label;
    if (typeof label === 'string') {
      try {
        value = JSON.parse(label);
      } catch {
        throw new RequestError(`labels[${i}]`, 'must be a JSON object {"id", "relevant", "history"}');
      }
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new RequestError(`labels[${i}]`, 'must be an object {"id", "relevant", "history"}');
    return value as ContextInput;
  });
  const responses = query.map((q, i) =>
    prompts?.[i] !== undefined && q.startsWith(prompts[i]!) ? q.slice(prompts[i]!.length) : q,
  );
  let rewards: number[];
  let grounding;
  if (reward === 'objective') {
    const scored = service.score(
      responses.map((text, i) => ({
        context: contexts[i]!,
        rollout: { text },
        field: `query[${i}]`,
        contextField: `labels[${i}]`,
      })),
    );
    rewards = Array.from(scored.total);
    grounding = scored.grounding;
  } else {
    const order = new Map<string, number[]>();
    contexts.forEach((c, i) => {
      const id = c.id ?? c.user;
      if (id === undefined) throw new RequestError(`labels[${i}].id`, 'is required to group the rollouts of a prompt');
      order.set(id, [...(order.get(id) ?? []), i]);
    });
    const members = [...order.values()];
    const result = await service.targets(
      members.map((rows) => ({ context: contexts[rows[0]!]!, rollouts: rows.map((i) => ({ text: responses[i]! })) })),
    );
    rewards = new Array<number>(query.length);
    const field = TARGET_FIELDS[reward as keyof typeof TARGET_FIELDS];
    members.forEach((rows, g) => rows.forEach((i, r) => (rewards[i] = result.groups[g]![field][r]!)));
    grounding = result.grounding;
  }
  const extra_logs = {
    grounded_exact: grounding.exact,
    grounded_normalized: grounding.normalized,
    grounded_embedding: grounding.embedding,
    ungrounded: grounding.ungrounded,
  };
  return { rewards, scores: rewards, extra_logs };
}
