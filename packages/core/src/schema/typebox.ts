/**
 * TypeBox, re-exported so that plugins write option schemas with the same copy core uses:
 * `Type.Object({ k: Type.Integer({ minimum: 1, default: 10 }) })` gives both the JSON Schema that
 * ajv validates and, through `Static<typeof schema>`, the TypeScript type of the options.
 */
export { Type, type Static, type TSchema } from '@sinclair/typebox';
