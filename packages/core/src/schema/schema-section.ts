import type { JsonSchema } from '../rewards/json-schema.js';
import type { ReferenceSite } from '../rewards/definition-registry.js';
import type { ConfigIssue } from './config-issue.js';
import type { ConfigSchemaContribution } from './config-schema-contribution.js';

/**
 * A {@link ConfigSchemaContribution} for a fixed section schema (e.g. a TypeBox object), to bind with
 * `bind(ConfigSchemaContribution).toConstantValue(schemaSection('sft', SftConfig))`; `check` adds the
 * cross-field checks a schema cannot express (see {@link ConfigSchemaContribution.check}).
 */
export function schemaSection(
  section: string,
  schema: JsonSchema | object,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a section's check reads its own config type
  options: { required?: boolean; check?: (value: any, site: ReferenceSite) => readonly ConfigIssue[] } = {},
): ConfigSchemaContribution {
  return {
    section,
    required: options.required ?? false,
    schema: () => ({ schema: schema as JsonSchema }),
    check: options.check,
  };
}
