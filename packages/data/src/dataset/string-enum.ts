import type { SchemaOptions, TUnsafe } from '@sinclair/typebox';
import { Type } from '@bladerec/core';

/** A string option restricted to `values` (a plain JSON Schema `enum`, which gives clear errors). */
export function stringEnum<const T extends readonly string[]>(
  values: T,
  options: SchemaOptions = {},
): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}
