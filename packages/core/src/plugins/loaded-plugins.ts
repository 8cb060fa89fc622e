import type { BladePlugin } from './plugin.js';

/** A plugin the host has loaded, and from where. */
export interface LoadedPlugin {
  readonly plugin: BladePlugin;
  /** How it was asked for (`ndcg`, `@acme/x`, `./local.js`, or `(built-in)`). */
  readonly request: string;
  /** Resolved module URL, when loaded from disk. */
  readonly url?: string;
}

/** The plugins loaded into a container, in load order. */
export interface LoadedPlugins {
  readonly plugins: readonly LoadedPlugin[];
}
export const LoadedPlugins = Symbol.for('bladerec.LoadedPlugins');
