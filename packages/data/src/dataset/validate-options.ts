import { BladeUserError } from '@bladerec/core';
import { createAjv, type ValidateFunction } from '@bladerec/core/internal';
import type { Static, TObject } from '@sinclair/typebox';

const compiled = new WeakMap<TObject, ValidateFunction>();

/**
 * Validates loader options against a TypeBox object schema (unknown keys are refused), fills in
 * defaults and returns a fresh object. Fractions must add up to 1.
 * @throws BladeUserError `invalid options for format '<format>': <issue>; <issue>`.
 */
export function validateOptions<T extends TObject>(
  schema: T,
  raw: Readonly<Record<string, unknown>> | undefined,
  format: string,
): Static<T> {
  let validate = compiled.get(schema);
  if (!validate) {
    // our own TypeBox schemas (tested): no meta-schema pass at run time
    validate = createAjv({ validateSchema: false }).compile({ ...schema, additionalProperties: false });
    compiled.set(schema, validate);
  }
  const options: Record<string, unknown> = structuredClone({ ...(raw ?? {}) });
  const issues: string[] = [];
  if (!validate(options)) {
    for (const e of validate.errors ?? []) {
      const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
      if (e.keyword === 'additionalProperties') {
        const extra = (e.params as { additionalProperty: string }).additionalProperty;
        issues.push(`unknown option '${extra}' (known: ${Object.keys(schema.properties).join(', ')})`);
      } else {
        const allowed =
          e.keyword === 'enum' ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : '';
        issues.push(`${path || '(options)'} ${e.message ?? 'is invalid'}${allowed}`);
      }
    }
  }
  const fractions = options['fractions'];
  if (issues.length === 0 && Array.isArray(fractions)) {
    const sum = (fractions as number[]).reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > 1e-9) issues.push(`fractions must add up to 1 (they add up to ${sum})`);
  }
  if (issues.length > 0) throw new BladeUserError(`invalid options for format '${format}': ${issues.join('; ')}`);
  return options as Static<T>;
}
