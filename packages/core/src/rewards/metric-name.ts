import { BladeUserError } from '../errors/blade-error.js';

/** A metric reference as users write it: `id`, `id@N`, or with a plugin namespace `ns/id@N`. */
export interface MetricName {
  /** The text as written. */
  readonly raw: string;
  /** The definition id (namespace stripped). */
  readonly id: string;
  /** The plugin namespace, if written as `ns/id`. */
  readonly namespace?: string;
  /** The `@N` suffix, if any. */
  readonly at?: number;
}

const NAME = /^(?:([a-z0-9][a-z0-9._-]*)\/)?([a-z][a-z0-9-]*)(?:@(\d+))?$/;

/** Valid definition ids: lower-case letters, digits and `-`, starting with a letter. */
export const DEFINITION_ID = /^[a-z][a-z0-9-]*$/;

/**
 * Parses `ndcg`, `ndcg@10` or `acme/novelty@5`.
 * @throws BladeUserError if the text is not a metric name.
 */
export function parseMetricName(raw: string): MetricName {
  const match = NAME.exec(raw.trim());
  if (!match) throw new BladeUserError(`'${raw}' is not a metric name (expected id, id@N or namespace/id@N, e.g. ndcg@10)`);
  const at = match[3] === undefined ? undefined : Number(match[3]);
  return { raw, id: match[2]!, namespace: match[1], at };
}
