import type { JsonSchema } from '../rewards/json-schema.js';
import type { ReferenceSite } from '../rewards/definition-registry.js';

/** A section schema plus the `$defs` it references and which plugin owns each def. */
export interface SectionSchema {
  readonly schema: JsonSchema;
  readonly defs?: Readonly<Record<string, JsonSchema>>;
  /** `$defs` key → plugin name, so errors inside a plugin's option schema name the plugin. */
  readonly pluginOfDef?: ReadonlyMap<string, string>;
}

/**
 * Contributes one top-level section of the bladerec config document (e.g. `objective`, `model`,
 * `sft`). Packages bind their contributions (multi-binding) and `ConfigSchemaService` assembles the
 * whole document schema from them, as `blade schema` prints it.
 */
export interface ConfigSchemaContribution {
  /** Top-level key, e.g. `objective`. */
  readonly section: string;
  /** Whether the section must be present. */
  readonly required?: boolean;
  /**
   * The section schema. With `forValidation`, the schema may be stricter than the published one
   * (shorthands already expanded by {@link normalize}).
   */
  schema(forValidation: boolean): SectionSchema;
  /** Expands shorthands before validation (e.g. `"ndcg@10"` → `{ reward, options: { k: 10 } }`). */
  normalize?(value: unknown, site: ReferenceSite): unknown;
}
export const ConfigSchemaContribution = Symbol.for('bladerec.ConfigSchemaContribution');
