import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default export sits one level down.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

/**
 * The ajv instance configuration used for every bladerec schema: all errors at once, defaults
 * filled in from `default` keywords, no type coercion (a string `"10"` is not a number), and only
 * finite numbers (`strictNumbers`: YAML's `.inf` and `.nan` fail `type: number`). Errors carry the
 * offending value (`verbose`), so that messages can say what was wrong with it.
 * `useDefaults: false` validates as an editor does, filling nothing in (for checking the published
 * schema). `validateSchema: false` skips checking each compiled schema against the JSON Schema
 * meta-schema, whose own compilation costs ~90 ms per instance (most of a CLI start-up); keyword
 * values are still type-checked when compiling (`{ type: 'nonsense' }` throws either way).
 */
export function createAjv(options: { useDefaults?: boolean; validateSchema?: boolean } = {}): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    useDefaults: options.useDefaults ?? true,
    validateSchema: options.validateSchema ?? true,
    strict: false,
    strictNumbers: true,
    verbose: true,
    coerceTypes: false,
  });
  addFormats(ajv);
  return ajv;
}

export type { ErrorObject, ValidateFunction };
