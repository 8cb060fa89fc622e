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
 * failed `then` branches (the branch's own errors say what is wrong); turns a failed `anyOf` whose
 * branches are all constants (a TypeBox union of literals) into one `must be one of 'a', 'b'` issue
 * with rule `enum`; and names the plugin for errors whose schema path runs through a definition
 * registered in `pluginOfDef`. A non-finite number (`.inf`, `.nan` in YAML) is `must be a finite
 * number` (rule `type`).
 */
export function issuesFromAjv(
  errors: readonly ErrorObject[] | null | undefined,
  basePath = '',
  pluginOfDef: ReadonlyMap<string, string> = new Map(),
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  const { constants, collapsed } = constantUnions(errors ?? []);
  for (const error of errors ?? []) {
    if (error.keyword === 'if' || collapsed.has(error)) continue;
    let message = error.message ?? 'is invalid';
    let rule = error.keyword;
    if (error.keyword === 'additionalProperties')
      message = `unknown property '${(error.params as { additionalProperty: string }).additionalProperty}'`;
    if (error.keyword === 'type' && typeof error.data === 'number' && !Number.isFinite(error.data))
      message = 'must be a finite number';
    if (error.keyword === 'enum')
      message += `: ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    const allowed = constants.get(error);
    if (allowed) {
      message = `must be one of ${allowed.map(formatConstant).join(', ')}`;
      rule = 'enum';
    }
    const defMatch = /#\/(?:\$defs|definitions)\/([^/]+)/.exec(error.schemaPath);
    const plugin = defMatch ? pluginOfDef.get(decodeURIComponent(defMatch[1]!)) : undefined;
    const issue: ConfigIssue = { path: joinPath(basePath, error.instancePath), message, rule, plugin };
    const key = `${issue.path}|${issue.message}|${issue.rule}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

/**
 * The failed `anyOf`s whose every branch is a constant that the `anyOf`'s own value missed (a
 * TypeBox literal `{ const, type }` reports `const`, and `type` too when the type differs): each
 * such `anyOf` error with its allowed values in branch order (`constants`), and the branch errors
 * it replaces (`collapsed`).
 */
function constantUnions(errors: readonly ErrorObject[]): {
  constants: Map<ErrorObject, unknown[]>;
  collapsed: Set<ErrorObject>;
} {
  const constants = new Map<ErrorObject, unknown[]>();
  const collapsed = new Set<ErrorObject>();
  for (const union of errors) {
    if (union.keyword !== 'anyOf') continue;
    const prefix = `${union.schemaPath}/`;
    const branches = errors.filter((e) => e !== union && e.schemaPath.startsWith(prefix));
    // the branch index of a `const` or `type` error on the union's own value
    const branchOf = (e: ErrorObject) =>
      e.instancePath === union.instancePath
        ? /^(\d+)\/(?:const|type)$/.exec(e.schemaPath.slice(prefix.length))?.[1]
        : undefined;
    if (branches.length === 0 || !branches.every((e) => branchOf(e) !== undefined)) continue;
    const values = new Map<string, unknown>(); // branch index → its constant
    for (const e of branches)
      if (e.keyword === 'const') values.set(branchOf(e)!, (e.params as { allowedValue: unknown }).allowedValue);
    if (!branches.every((e) => values.has(branchOf(e)!))) continue; // a branch that is a type, not a constant
    constants.set(union, [...values.values()]);
    for (const branch of branches) collapsed.add(branch);
  }
  return { constants, collapsed };
}

/** A constant as a config author writes it: strings in single quotes, anything else as JSON. */
function formatConstant(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}
