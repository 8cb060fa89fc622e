import { injectable, multiInject, optional } from 'inversify';
import type { ReferenceSite } from '../rewards/definition-registry.js';
import type { JsonSchema } from '../rewards/json-schema.js';
import { createAjv } from './ajv.js';
import { BladeConfigError, type ConfigIssue, issuesFromAjv } from './config-issue.js';
import { ConfigSchemaContribution } from './config-schema-contribution.js';
import { publishedSchema } from './published-schema.js';

export const CONFIG_SCHEMA_ID = 'https://bladerec.dev/schema/config.json';

/**
 * Assembles the JSON Schema of the whole config document from every bound
 * {@link ConfigSchemaContribution} (core's `objective` plus whatever the loaded packages and
 * plugins add) and validates documents against it.
 */
@injectable()
export class ConfigSchemaService {
  constructor(
    @multiInject(ConfigSchemaContribution)
    @optional()
    private readonly contributions: readonly ConfigSchemaContribution[] = [],
  ) {
    const seen = new Set<string>();
    for (const c of this.contributions ?? []) {
      if (seen.has(c.section)) throw new Error(`two config schema contributions for section '${c.section}'`);
      seen.add(c.section);
    }
  }

  /**
   * The published document schema (what `blade schema` prints). A property with a `default` is
   * never listed in `required` there ({@link publishedSchema}): editors do not fill defaults in.
   */
  documentSchema(): JsonSchema {
    return publishedSchema(this.assemble(false));
  }

  /**
   * Normalises and validates a document, filling defaults: shorthand expansion, the schema, then
   * each section's cross-field checks (for the sections the schema accepted).
   * @param sections only these sections are required/allowed to be checked (default: all).
   * @throws BladeConfigError naming path, rule and plugin for every issue of the document at once.
   */
  validate<T>(document: unknown, site: ReferenceSite & { sections?: readonly string[] } = {}): T {
    if (typeof document !== 'object' || document === null || Array.isArray(document)) {
      throw new BladeConfigError(
        [{ path: '(root)', message: 'the config must be a JSON/YAML object', rule: 'type' }],
        site,
      );
    }
    const doc: Record<string, unknown> = { ...(document as Record<string, unknown>) };
    const issues: ConfigIssue[] = [];
    for (const c of this.active(site.sections)) {
      if (doc[c.section] === undefined || !c.expand) continue;
      const expanded = c.expand(doc[c.section], { ...site, path: c.section });
      doc[c.section] = expanded.value;
      issues.push(...expanded.issues);
    }
    const schema = this.assemble(true, site.sections);
    const { pluginOfDef } = this.collectDefs(true, site.sections);
    const validate = createAjv().compile(schema);
    if (!validate(doc)) issues.push(...issuesFromAjv(validate.errors, '', pluginOfDef));
    const inSection = (section: string) => (i: ConfigIssue) =>
      i.path === section || i.path.startsWith(`${section}.`) || i.path.startsWith(`${section}[`);
    for (const c of this.active(site.sections)) {
      if (doc[c.section] === undefined || !c.check || issues.some(inSection(c.section))) continue;
      issues.push(...c.check(doc[c.section], { ...site, path: c.section }));
    }
    if (issues.length > 0) throw new BladeConfigError(issues, site);
    return doc as T;
  }

  private active(sections?: readonly string[]): readonly ConfigSchemaContribution[] {
    const all = this.contributions ?? [];
    return sections ? all.filter((c) => sections.includes(c.section)) : all;
  }

  private collectDefs(forValidation: boolean, sections?: readonly string[]) {
    const defs: Record<string, JsonSchema> = {};
    const pluginOfDef = new Map<string, string>();
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const c of this.active(sections)) {
      const part = c.schema(forValidation);
      properties[c.section] = part.schema;
      if (c.required) required.push(c.section);
      Object.assign(defs, part.defs ?? {});
      for (const [k, v] of part.pluginOfDef ?? []) pluginOfDef.set(k, v);
    }
    return { defs, pluginOfDef, properties, required };
  }

  private assemble(forValidation: boolean, sections?: readonly string[]): JsonSchema {
    const { defs, properties, required } = this.collectDefs(forValidation, sections);
    return {
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: CONFIG_SCHEMA_ID,
      title: 'bladerec config',
      type: 'object',
      properties: {
        $schema: { type: 'string', description: 'Path or URL of this schema, for editor completion.' },
        ...properties,
      },
      required,
      additionalProperties: false,
      $defs: defs,
    };
  }
}
