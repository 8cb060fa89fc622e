/** A JSON Schema document (draft-07 compatible); TypeBox schemas satisfy it. */
export type JsonSchema = Record<string, unknown>;
