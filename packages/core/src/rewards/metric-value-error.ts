import { BladeUserError } from '../errors/blade-error.js';

/** What a {@link MetricValueError} is about. */
export interface MetricValueProblem {
  /** The plugin that contributed the metric (`an unnamed plugin` when it has no name). */
  readonly plugin: string;
  /** The metric's display name, e.g. `novelty@10`; `kind` says whether it is a list reward. */
  readonly metric: string;
  readonly kind: 'reward' | 'corpus metric';
  /** Row of the batch the problem is in (list rewards only). */
  readonly index?: number;
  /** The user of that row, once the caller that knows users has named it. */
  readonly user?: string;
  /** `threw: <message>` or `returned <value> (declared range [lo, hi])`. */
  readonly what: string;
}

/**
 * A plugin's metric threw, or returned a value that is not finite or lies outside its declared
 * range. A user error (the plugin is the user's input): one line naming the plugin, the metric, the
 * user (when the caller knows users, see {@link withUser}) and the value.
 */
export class MetricValueError extends BladeUserError {
  readonly problem: MetricValueProblem;
  constructor(problem: MetricValueProblem, options?: ErrorOptions) {
    const who =
      problem.user !== undefined
        ? `, user ${JSON.stringify(problem.user)}`
        : problem.index !== undefined
          ? `, list ${problem.index}`
          : '';
    super(`plugin ${problem.plugin}, ${problem.kind} '${problem.metric}'${who}: ${problem.what}`, {}, options);
    this.problem = problem;
  }

  /** The same error naming the user of its row. */
  withUser(user: string): MetricValueError {
    return new MetricValueError({ ...this.problem, user }, { cause: this.cause });
  }
}
