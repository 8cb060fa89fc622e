import type { JsonSchema } from '../rewards/json-schema.js';
import type { ReferenceSite } from '../rewards/definition-registry.js';
import type { ConfigIssue } from './config-issue.js';

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
  /**
   * Expands shorthands before validation (e.g. `"ndcg@10"` → `{ reward, options: { k: 10 } }`).
   * Returns the expanded value and the problems found on the way (e.g. an unknown reward), so that
   * they are reported together with the schema's own issues, never one batch at a time.
   */
  expand?(value: unknown, site: ReferenceSite): { readonly value: unknown; readonly issues: readonly ConfigIssue[] };
  /**
   * Checks what a schema cannot express (a field that must divide another, a range that must be
   * finite), on the section after schema validation with defaults filled in. Runs only when the
   * section passed the schema. Returns every problem, with paths under `site.path`.
   */
  check?(value: unknown, site: ReferenceSite): readonly ConfigIssue[];
}
export const ConfigSchemaContribution = Symbol.for('bladerec.ConfigSchemaContribution');
