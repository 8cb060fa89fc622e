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

/**
 * The largest cutoff (`@N`, or a metric's alias option such as `k`) any metric accepts: 10,000. A
 * larger K is refused by name before any work, instead of allocating K-sized buffers.
 */
export const MAX_CUTOFF = 10_000;

/** Valid definition ids: lower-case letters, digits and `-`, starting with a letter. */
export const DEFINITION_ID = /^[a-z][a-z0-9-]*$/;

/**
 * Parses `ndcg`, `ndcg@10` or `acme/novelty@5`.
 * @throws BladeUserError if the text is not a metric name, or its `@N` is above {@link MAX_CUTOFF}.
 */
export function parseMetricName(raw: string): MetricName {
  const match = NAME.exec(raw.trim());
  if (!match)
    throw new BladeUserError(`'${raw}' is not a metric name (expected id, id@N or namespace/id@N, e.g. ndcg@10)`);
  const digits = match[3];
  if (digits !== undefined && (digits.length > 6 || Number(digits) > MAX_CUTOFF)) {
    throw new BladeUserError(`'${raw}': the cutoff ${digits} is above the limit of ${MAX_CUTOFF} (MAX_CUTOFF)`);
  }
  const at = digits === undefined ? undefined : Number(digits);
  return { raw, id: match[2]!, namespace: match[1], at };
}
