import { BladeUserError } from '@bladerec/core';

/** The kinds of plugin `blade plugin new` scaffolds. */
export const PLUGIN_KINDS = ['reward', 'metric', 'prior', 'evidence', 'target', 'loader'] as const;
export type PluginKind = (typeof PLUGIN_KINDS)[number];

/** Every name a scaffold derives from `blade plugin new <name>`. */
export interface PluginNames {
  readonly kind: PluginKind;
  /**
   * npm package name: `bladerec-reward-<id>` for a reward, `bladerec-plugin-<id>` otherwise (scoped when `<name>` is).
   */
  readonly packageName: string;
  /** Registry id (or loader format) and plugin namespace, e.g. `novelty`. */
  readonly id: string;
  /** `novelty` → `novelty`, `mean-grade` → `meanGrade`. */
  readonly camel: string;
  /** `mean-grade` → `MeanGrade`. */
  readonly pascal: string;
  /** Range of `@bladerec/core` (and the other `@bladerec/*` packages) the plugin is written against. */
  readonly bladerecRange: string;
}

const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * Derives the names from what the user typed: `novelty`, `bladerec-reward-novelty`, `@acme/novelty`
 * or `@acme/bladerec-plugin-novelty` (the prefix convention of `--plugin`, so that
 * `--plugin <id>` finds the published package).
 * @throws BladeUserError when the id part is not lower-case letters, digits and single dashes
 */
export function pluginNames(name: string, kind: PluginKind, bladerecVersion: string): PluginNames {
  const scoped = /^(@[a-z0-9][a-z0-9._-]*)\/(.+)$/.exec(name);
  const scope = scoped?.[1];
  const bare = scoped ? scoped[2]! : name;
  const id = bare.replace(/^bladerec-(reward|plugin)-/, '');
  if (!ID.test(id))
    throw new BladeUserError(
      `plugin name '${name}': '${id}' must be lower-case letters and digits, words joined by single dashes (e.g. novelty, mean-grade)`,
    );
  const prefixed = bare.startsWith('bladerec-')
    ? bare
    : `${kind === 'reward' ? 'bladerec-reward' : 'bladerec-plugin'}-${id}`;
  const camel = id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return {
    kind,
    packageName: scope ? `${scope}/${prefixed}` : prefixed,
    id,
    camel,
    pascal: camel[0]!.toUpperCase() + camel.slice(1),
    bladerecRange: `^${bladerecVersion}`,
  };
}
