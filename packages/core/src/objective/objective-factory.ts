import { inject, injectable } from 'inversify';
import { BladeUserError } from '../errors/blade-error.js';
import type { CorpusMetricDefinition } from '../metrics/corpus-metric-definition.js';
import { CorpusMetricRegistry } from '../metrics/corpus-metric-registry.js';
import type { ReferenceSite } from '../rewards/definition-registry.js';
import type { JsonSchema } from '../rewards/json-schema.js';
import type { ListReward } from '../rewards/list-reward.js';
import { ListRewardRegistry } from '../rewards/list-reward-registry.js';
import { parseMetricName } from '../rewards/metric-name.js';
import { createAjv, type ValidateFunction } from '../schema/ajv.js';
import { BladeConfigError, type ConfigIssue, issuesFromAjv } from '../schema/config-issue.js';
import type { ConfigSchemaContribution, SectionSchema } from '../schema/config-schema-contribution.js';
import { ComposedObjective } from './composed-objective.js';
import { ObjectiveConfig, ObjectiveTermConfig, type ResolvedTermConfig } from './objective-config.js';

const TERM_DEF = 'objective-term';
const optionsDef = (id: string): string => `reward-options.${id}`;
const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Builds {@link ComposedObjective}s from config (`{ terms: [...] }`), validating every term's options
 * with a schema assembled from the core term schema and each registered reward's option schema.
 */
@injectable()
export class ObjectiveFactory implements ConfigSchemaContribution {
  readonly section = 'objective';
  readonly required = false;
  private compiled?: { key: string; validate: ValidateFunction };

  constructor(
    @inject(ListRewardRegistry) private readonly registry: ListRewardRegistry,
    @inject(CorpusMetricRegistry) private readonly corpusMetrics: CorpusMetricRegistry,
  ) {}

  /** The `objective` section schema (published form, or the stricter validation form). */
  schema(forValidation = false): SectionSchema {
    const defs: Record<string, JsonSchema> = {};
    const pluginOfDef = new Map<string, string>();
    const branches: JsonSchema[] = [];
    for (const definition of this.registry.list()) {
      const { id, plugin, namespace, atParameter } = definition.meta;
      defs[optionsDef(id)] = definition.meta.schema;
      if (plugin) pluginOfDef.set(optionsDef(id), plugin);
      const ns = namespace ? `(?:${escapeRegex(namespace)}/)?` : '';
      const pattern = `^${ns}${escapeRegex(id)}${atParameter ? '(?:@[0-9]+)?' : ''}$`;
      branches.push({
        if: { properties: { reward: { type: 'string', pattern } }, required: ['reward'] },
        then: { properties: { options: { $ref: `#/$defs/${optionsDef(id)}` } } },
      });
    }
    const ids = this.registry.list().map((d) => d.meta.id);
    const term = {
      ...structuredClone(ObjectiveTermConfig),
      description: `A weighted reward term. Known rewards: ${ids.join(', ')}.`,
      allOf: branches,
    } as JsonSchema;
    defs[TERM_DEF] = term;
    const termRef = { $ref: `#/$defs/${TERM_DEF}` };
    const section = structuredClone(ObjectiveConfig) as JsonSchema & { properties: { terms: JsonSchema } };
    section.properties.terms = {
      type: 'array',
      minItems: 1,
      items: forValidation
        ? termRef
        : { anyOf: [{ type: 'string', description: 'Shorthand: a reward name such as "ndcg@10".' }, termRef] },
    };
    section['description'] = 'The list-level objective: a weighted sum of reward terms.';
    return { schema: section, defs, pluginOfDef };
  }

  /**
   * Expands string terms and `@N` aliases; checks reward names (a corpus metric is refused with its
   * own rule, `corpus-metric`). @throws BladeConfigError
   */
  normalize(config: unknown, site: ReferenceSite = {}): unknown {
    const { value, issues } = this.expand(config, site);
    if (issues.length > 0) throw new BladeConfigError(issues, site);
    return value;
  }

  expand(config: unknown, site: ReferenceSite = {}): { value: unknown; issues: ConfigIssue[] } {
    const base = site.path ?? 'objective';
    if (typeof config === 'string' || Array.isArray(config))
      config = { terms: typeof config === 'string' ? [config] : config };
    if (typeof config !== 'object' || config === null) {
      return { value: config, issues: [{ path: base, message: 'must be an object with "terms"', rule: 'type' }] };
    }
    const { terms } = config as { terms?: unknown };
    if (!Array.isArray(terms)) return { value: config, issues: [] }; // the schema reports it
    const issues: ConfigIssue[] = [];
    const normalized = terms.map((raw, i) => {
      const path = `${base}.terms[${i}]`;
      const term = typeof raw === 'string' ? { reward: raw } : raw;
      if (typeof term !== 'object' || term === null || typeof (term as { reward?: unknown }).reward !== 'string')
        return term;
      const t = { ...(term as Record<string, unknown>) };
      const written = t['reward'] as string;
      try {
        const { name, definition } = this.registry.lookup(parseMetricName(written), site);
        const options = { ...((t['options'] as Record<string, unknown> | undefined) ?? {}) };
        if (name.at !== undefined) {
          const param = definition.meta.atParameter;
          if (!param) {
            issues.push({
              path: `${path}.reward`,
              message: `'${written}': reward '${name.id}' takes no @N suffix`,
              rule: 'alias',
              plugin: definition.meta.plugin,
            });
            return t;
          } else if (options[param] !== undefined && options[param] !== name.at) {
            issues.push({
              path: `${path}.options.${param}`,
              message: `conflicts with '${written}' (${String(options[param])} vs ${name.at})`,
              rule: 'alias',
              plugin: definition.meta.plugin,
            });
          } else options[param] = name.at;
        }
        t['reward'] = definition.meta.id;
        t['options'] = options;
      } catch (error) {
        if (!(error instanceof BladeUserError)) throw error;
        const metric = this.corpusMetric(written);
        if (metric) {
          const message = `'${written}' is a corpus metric (computed over all users at once), not a per-list reward, so it cannot be an objective term`;
          issues.push({ path: `${path}.reward`, message, rule: 'corpus-metric', plugin: metric.meta.plugin });
        } else issues.push({ path: `${path}.reward`, message: error.reason, rule: 'unknown-reward' });
      }
      return t;
    });
    return { value: { ...(config as object), terms: normalized }, issues };
  }

  check(config: unknown, site: ReferenceSite = {}): ConfigIssue[] {
    const base = site.path ?? 'objective';
    const issues: ConfigIssue[] = [];
    (config as { terms: ResolvedTermConfig[] }).terms.forEach((term, i) => {
      const path = `${base}.terms[${i}]`;
      const { definition } = this.registry.lookup(term.reward);
      let reward: ListReward;
      try {
        reward = this.registry.create(term.reward, term.options, { ...site, path: `${path}.options` });
      } catch (error) {
        if (error instanceof BladeConfigError) return void issues.push(...error.issues);
        throw error;
      }
      const { name, range, higherIsBetter } = reward.meta;
      const plugin = definition.meta.plugin;
      if (
        term.normalize === 'range' &&
        !(Number.isFinite(range[0]) && Number.isFinite(range[1]) && range[1] > range[0])
      ) {
        issues.push({
          path: `${path}.normalize`,
          message: `'range' needs a finite declared range, but ${name} has [${range[0]}, ${range[1]}]`,
          rule: 'range',
          plugin,
        });
      }
      if (term.weight < 0 && !higherIsBetter && term.invert !== true) {
        const message =
          `${name} is lower-is-better and is already negated for you, so weight ${term.weight} would reward a larger ${name}; ` +
          `write weight ${-term.weight} to penalise it (or set invert: true if a larger value is what you want)`;
        issues.push({ path: `${path}.weight`, message, rule: 'sign', plugin });
      }
      if (term.invert === true && !(term.weight < 0 && !higherIsBetter)) {
        issues.push({
          path: `${path}.invert`,
          message: 'invert: true only confirms a negative weight on a lower-is-better reward',
          rule: 'sign',
          plugin,
        });
      }
    });
    return issues;
  }

  /**
   * Normalises, validates (filling defaults), checks what the schema cannot (a finite range for
   * `normalize: 'range'`, the sign of a weight on a lower-is-better reward) and resolves terms.
   * @throws BladeConfigError with every issue of the section at once.
   */
  resolve(config: unknown, site: ReferenceSite = {}): ResolvedTermConfig[] {
    const base = site.path ?? 'objective';
    const { value, issues } = this.expand(config, site);
    const normalized = value as { terms: ResolvedTermConfig[] };
    const validate = this.validator();
    if (!validate(normalized)) {
      const { pluginOfDef } = this.schema(true);
      issues.push(...issuesFromAjv(validate.errors, base, pluginOfDef));
    }
    if (issues.length === 0) issues.push(...this.check(normalized, site));
    if (issues.length > 0) throw new BladeConfigError(issues, site);
    return normalized.terms;
  }

  /** {@link resolve} then instantiate. */
  create(config: unknown, site: ReferenceSite = {}): ComposedObjective {
    const terms = this.resolve(config, site);
    return new ComposedObjective(
      terms.map((term) => {
        const reward = this.registry.create(term.reward, term.options);
        return { name: term.name ?? reward.meta.name, reward, weight: term.weight, normalize: term.normalize };
      }),
    );
  }

  /** The corpus metric a written name refers to, if it names one (for the error on a misplaced term). */
  private corpusMetric(written: string): CorpusMetricDefinition | undefined {
    try {
      return this.corpusMetrics.lookup(written).definition;
    } catch (error) {
      if (error instanceof BladeUserError) return undefined;
      throw error;
    }
  }

  /** The compiled validation schema, rebuilt when the set of registered rewards changes. */
  private validator(): ValidateFunction {
    const key = this.registry
      .list()
      .map((d) => d.meta.id)
      .join(',');
    if (this.compiled?.key !== key) {
      const { schema, defs } = this.schema(true);
      this.compiled = { key, validate: createAjv().compile({ ...schema, $defs: defs }) };
    }
    return this.compiled.validate;
  }
}
