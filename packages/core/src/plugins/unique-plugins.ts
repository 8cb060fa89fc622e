import { BladeUserError } from '../errors/blade-error.js';
import type { LoadedPlugin } from './loaded-plugins.js';
import type { BladePlugin } from './plugin.js';

/**
 * The given plugins (objects, or records from `loadPlugin`) once each, in order: the same plugin object
 * given twice counts once. @throws BladeUserError for two different plugins with one name.
 */
export function uniquePlugins(entries: ReadonlyArray<BladePlugin | LoadedPlugin>): LoadedPlugin[] {
  const byName = new Map<string, LoadedPlugin>();
  for (const entry of entries) {
    const record: LoadedPlugin = 'plugin' in entry ? entry : { plugin: entry, request: entry.meta.name };
    const previous = byName.get(record.plugin.meta.name);
    if (previous && previous.plugin !== record.plugin) {
      throw new BladeUserError(
        `two different plugins are named ${record.plugin.meta.name} (${previous.request} and ${record.request})`,
      );
    }
    if (!previous) byName.set(record.plugin.meta.name, record);
  }
  return [...byName.values()];
}
