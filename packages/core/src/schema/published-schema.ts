import type { JsonSchema } from '../rewards/json-schema.js';

/** Keywords whose value is data, not a subschema: copied as they are. */
const VALUE_KEYWORDS = new Set(['default', 'const', 'enum', 'examples']);
/** Keywords whose value maps names to subschemas. */
const MAP_KEYWORDS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependencies']);

/**
 * The form of a schema that is published for editors (`blade schema`): a copy in which no object
 * lists a property that has a `default` in its `required`, at any depth (`$defs`, plugin option
 * schemas, `allOf`/`if`/`then` branches included). An empty `required` is dropped.
 *
 * TypeBox marks every property that is not `Optional` as required, even when it has a default.
 * bladerec validates with ajv's `useDefaults`, which fills the defaults in before `required` is
 * checked, so `{ reward: 'ndcg@10' }` is valid there; an editor fills nothing in and would flag it.
 * The copy has plain string keys only (TypeBox's symbol keys are left out); `schema` is not changed.
 */
export function publishedSchema(schema: JsonSchema): JsonSchema {
  return copySchema(schema) as JsonSchema;
}

function copySchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(copySchema);
  if (!isObject(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (VALUE_KEYWORDS.has(key)) out[key] = structuredClone(value);
    else if (MAP_KEYWORDS.has(key) && isObject(value))
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, copySchema(sub)]));
    else out[key] = copySchema(value);
  }
  const { required, properties } = out;
  if (Array.isArray(required) && isObject(properties)) {
    const hasDefault = (name: unknown) => {
      const property = typeof name === 'string' ? properties[name] : undefined;
      return isObject(property) && Object.hasOwn(property, 'default');
    };
    const kept = required.filter((name) => !hasDefault(name));
    if (kept.length > 0) out['required'] = kept;
    else delete out['required'];
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
