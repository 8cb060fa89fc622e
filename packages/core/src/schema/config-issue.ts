import type { ErrorObject } from 'ajv';
import { BladeUserError } from '../errors/blade-error.js';

/** One problem found in a config document. */
export interface ConfigIssue {
  /** Dotted JSON path of the offending value, e.g. `objective.terms[1].options.k` (`(root)` for the document). */
  readonly path: string;
  /** Human-readable reason, e.g. `must be >= 1`. */
  readonly message: string;
  /** The schema rule (ajv keyword) that failed, e.g. `minimum`, or a bladerec rule such as `unknown-reward`. */
  readonly rule: string;
  /** The plugin whose schema the rule comes from, when it is a plugin's option schema. */
  readonly plugin?: string;
}

/** Formats a {@link ConfigIssue} as `path: message (rule: r, plugin: p)`. */
export function formatIssue(issue: ConfigIssue): string {
  const origin = issue.plugin ? `, plugin: ${issue.plugin}` : '';
  return `${issue.path}: ${issue.message} (rule: ${issue.rule}${origin})`;
}

/** A config document that failed validation; the message lists every issue. */
export class BladeConfigError extends BladeUserError {
  readonly issues: readonly ConfigIssue[];
  constructor(issues: readonly ConfigIssue[], location: { file?: string } = {}) {
    super(issues.map(formatIssue).join('; '), location);
    this.issues = issues;
  }
}

/** Joins a base path and a JSON pointer (`/terms/1/k`) into dotted form (`objective.terms[1].k`). */
export function joinPath(base: string, pointer: string): string {
  let out = base;
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(part)) out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out === '' ? '(root)' : out;
}

/**
 * Converts ajv errors to {@link ConfigIssue}s. Drops the `if` wrapper errors ajv adds around
 * failed `then` branches (the branch's own errors say what is wrong), and names the plugin for
 * errors whose schema path runs through a definition registered in `pluginOfDef`.
 */
export function issuesFromAjv(
  errors: readonly ErrorObject[] | null | undefined,
  basePath = '',
  pluginOfDef: ReadonlyMap<string, string> = new Map(),
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors ?? []) {
    if (error.keyword === 'if') continue;
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'additionalProperties') message = `unknown property '${(error.params as { additionalProperty: string }).additionalProperty}'`;
    if (error.keyword === 'enum') message += `: ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    const defMatch = /#\/(?:\$defs|definitions)\/([^/]+)/.exec(error.schemaPath);
    const plugin = defMatch ? pluginOfDef.get(decodeURIComponent(defMatch[1]!)) : undefined;
    const issue: ConfigIssue = { path: joinPath(basePath, error.instancePath), message, rule: error.keyword, plugin };
    const key = `${issue.path}|${issue.message}|${issue.rule}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}
