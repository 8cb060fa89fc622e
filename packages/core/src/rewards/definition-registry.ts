import { BladeUserError } from '../errors/blade-error.js';
import { createAjv, type ValidateFunction } from '../schema/ajv.js';
import { BladeConfigError, issuesFromAjv } from '../schema/config-issue.js';
import type { ComponentMeta } from './list-reward-definition.js';
import { DEFINITION_ID, MAX_CUTOFF, type MetricName, parseMetricName } from './metric-name.js';

/** Anything with definition metadata and a factory. */
export interface Definition<Instance> {
  readonly meta: ComponentMeta;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds definitions of any options type
  create(options: any): Instance;
}

/** Where a reference to a definition sits in a config, for error messages. */
export interface ReferenceSite {
  /** Dotted path of the options object, e.g. `objective.terms[0].options`. */
  readonly path?: string;
  /** File the reference came from. */
  readonly file?: string;
}

/** What every component registry offers (rewards, corpus metrics, estimators). */
export interface ComponentRegistry<D extends Definition<Instance>, Instance> {
  /** Adds a definition; returns a function that removes it. */
  register(definition: D): () => void;
  get(id: string): D | undefined;
  has(id: string): boolean;
  /** Every definition, sorted by id. */
  list(): D[];
  lookup(name: MetricName | string, site?: ReferenceSite): { name: MetricName; definition: D };
  resolveOptions(
    name: MetricName | string,
    options?: Record<string, unknown>,
    site?: ReferenceSite,
  ): { definition: D; options: Record<string, unknown> };
  create(name: MetricName | string, options?: Record<string, unknown>, site?: ReferenceSite): Instance;
  defaults(id: string): Record<string, unknown>;
}

/**
 * Shared mechanism behind every registry of plugin components (rewards, corpus metrics, alignment
 * estimators): refuses duplicate ids, resolves
 * `id@N` aliases, validates options with each definition's JSON Schema (defaults applied) and
 * creates configured instances.
 */
export class DefinitionRegistry<D extends Definition<Instance>, Instance> implements ComponentRegistry<D, Instance> {
  private readonly byId = new Map<string, D>();
  private readonly validators = new WeakMap<D, ValidateFunction>();
  /** Created on the first options validation: an eval that validates no options never builds one. */
  private ajvInstance?: ReturnType<typeof createAjv>;

  constructor(
    /** What the registry holds, for messages: `reward`, `corpus metric`. */
    readonly kind: string,
    definitions: readonly D[] = [],
  ) {
    for (const definition of definitions) this.register(definition);
  }

  /**
   * Adds a definition.
   * @returns a function that removes it again.
   * @throws BladeUserError on a malformed or duplicate id (naming both plugins), or a schema that is not an object.
   */
  register(definition: D): () => void {
    const { id } = definition.meta;
    if (!DEFINITION_ID.test(id)) {
      throw new BladeUserError(
        `${this.kind} id '${id}' from ${pluginName(definition)} is invalid: use lower-case letters, digits and '-', starting with a letter`,
      );
    }
    const existing = this.byId.get(id);
    if (existing) {
      throw new BladeUserError(
        `duplicate ${this.kind} id '${id}': registered by ${pluginName(existing)} and by ${pluginName(definition)}`,
      );
    }
    if (typeof definition.meta.schema !== 'object' || definition.meta.schema === null) {
      throw new BladeUserError(
        `${this.kind} '${id}' from ${pluginName(definition)} has an invalid options schema: not an object`,
      );
    }
    // the schema compiles on first use (ajv code generation is most of a start-up otherwise); a broken one
    // fails that use naming the plugin, and the conformance kit compiles it in the plugin's own tests
    this.byId.set(id, definition);
    return () => {
      if (this.byId.get(id) === definition) this.byId.delete(id);
    };
  }

  /** The definition registered under `id` (namespace-qualified ids are accepted). */
  get(id: string): D | undefined {
    const slash = id.indexOf('/');
    return this.byId.get(slash >= 0 ? id.slice(slash + 1) : id);
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  /** Every definition, sorted by id. */
  list(): D[] {
    return [...this.byId.values()].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
  }

  /**
   * Looks a written name up. @throws BladeUserError naming the unknown id and close matches.
   */
  lookup(name: MetricName | string, site: ReferenceSite = {}): { name: MetricName; definition: D } {
    const parsed = typeof name === 'string' ? parseMetricName(name) : name;
    const definition = this.byId.get(parsed.id);
    if (!definition || (parsed.namespace !== undefined && !namespaceMatches(definition, parsed.namespace))) {
      const known = this.list().map((d) => d.meta.id);
      const close = known.filter((k) => editDistance(k, parsed.id) <= 2);
      const hint =
        close.length > 0
          ? ` (did you mean ${close.join(', ')}?)`
          : known.length > 0
            ? ` (known: ${known.join(', ')})`
            : '';
      throw new BladeUserError(`unknown ${this.kind} '${parsed.raw}'${hint}`, { file: site.file });
    }
    return { name: parsed, definition };
  }

  /**
   * Merges the `@N` alias into `options`, validates them against the definition's schema and fills
   * defaults; the alias option (the cutoff) may not exceed {@link MAX_CUTOFF}, whatever the plugin's
   * schema says. @throws BladeConfigError naming the path, the rule and the plugin.
   */
  resolveOptions(
    name: MetricName | string,
    options: Record<string, unknown> = {},
    site: ReferenceSite = {},
  ): { definition: D; options: Record<string, unknown> } {
    const { name: parsed, definition } = this.lookup(name, site);
    const merged: Record<string, unknown> = structuredClone(options);
    const path = site.path ?? 'options';
    if (parsed.at !== undefined) {
      const param = definition.meta.atParameter;
      if (!param) {
        throw new BladeConfigError(
          [
            {
              path,
              message: `'${parsed.raw}': ${this.kind} '${parsed.id}' takes no @N suffix`,
              rule: 'alias',
              plugin: definition.meta.plugin,
            },
          ],
          site,
        );
      }
      if (merged[param] !== undefined && merged[param] !== parsed.at) {
        throw new BladeConfigError(
          [
            {
              path: `${path}.${param}`,
              message: `conflicts with '${parsed.raw}' (${merged[param]} vs ${parsed.at})`,
              rule: 'alias',
              plugin: definition.meta.plugin,
            },
          ],
          site,
        );
      }
      merged[param] = parsed.at;
    }
    const validate = this.validator(definition);
    if (!validate(merged))
      throw new BladeConfigError(
        issuesFromAjv(validate.errors, path).map((i) => ({ ...i, plugin: definition.meta.plugin ?? i.plugin })),
        site,
      );
    const param = definition.meta.atParameter;
    const cutoff = param === undefined ? undefined : merged[param];
    if (typeof cutoff === 'number' && cutoff > MAX_CUTOFF) {
      const message = `must be <= ${MAX_CUTOFF} (the cutoff limit MAX_CUTOFF)`;
      throw new BladeConfigError(
        [{ path: `${path}.${param}`, message, rule: 'maximum', plugin: definition.meta.plugin }],
        site,
      );
    }
    return { definition, options: merged };
  }

  /** Creates a configured instance from a written name and options. */
  create(name: MetricName | string, options: Record<string, unknown> = {}, site: ReferenceSite = {}): Instance {
    const resolved = this.resolveOptions(name, options, site);
    return this.wrap(resolved.definition, resolved.definition.create(resolved.options));
  }

  /** What {@link create} returns for a new instance: the instance itself, or a registry's guard around it. */
  protected wrap(_definition: D, instance: Instance): Instance {
    return instance;
  }

  /** The options a definition gets when none are given (schema defaults). */
  defaults(id: string): Record<string, unknown> {
    const definition = this.lookup(id).definition;
    const options: Record<string, unknown> = {};
    this.validator(definition)(options);
    return options;
  }

  private validator(definition: D): ValidateFunction {
    let validate = this.validators.get(definition);
    if (!validate) {
      try {
        // no meta-schema pass at run time: the conformance kit compiles with it in the plugin's own tests
        validate = (this.ajvInstance ??= createAjv({ validateSchema: false })).compile(definition.meta.schema);
      } catch (error) {
        throw new BladeUserError(
          `${this.kind} '${definition.meta.id}' from ${pluginName(definition)} has an invalid options schema: ${(error as Error).message}`,
        );
      }
      this.validators.set(definition, validate);
    }
    return validate;
  }
}

function pluginName(definition: { meta: ComponentMeta }): string {
  return definition.meta.plugin ?? 'an unnamed plugin';
}

function namespaceMatches(definition: { meta: ComponentMeta }, namespace: string): boolean {
  return definition.meta.namespace === namespace || definition.meta.plugin === namespace;
}

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}
