/**
 * Versions of the third-party tools a scaffolded plugin is built and tested with: those of this
 * bladerec release (the workspace catalog), so that a new plugin starts from a tested combination.
 */
export const SCAFFOLD_TOOL_VERSIONS = {
  typescript: '^5.9.3',
  vitest: '^4.1.12',
  '@types/node': '^20.19.0',
  'fast-check': '^4.11.0',
} as const;
