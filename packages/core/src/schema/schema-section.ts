import type { JsonSchema } from '../rewards/json-schema.js';
import type { ConfigSchemaContribution } from './config-schema-contribution.js';

/**
 * A {@link ConfigSchemaContribution} for a fixed section schema (e.g. a TypeBox object), to bind with
 * `bind(ConfigSchemaContribution).toConstantValue(schemaSection('sft', SftConfig))`.
 */
export function schemaSection(section: string, schema: JsonSchema | object, options: { required?: boolean } = {}): ConfigSchemaContribution {
  return { section, required: options.required ?? false, schema: () => ({ schema: schema as JsonSchema }) };
}
