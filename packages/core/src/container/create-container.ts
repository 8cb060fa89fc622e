import { Container, type ContainerModule } from 'inversify';
import { BladeUserError } from '../errors/blade-error.js';
import { LoadedPlugins, type LoadedPlugin } from '../plugins/loaded-plugins.js';
import type { BladePlugin } from '../plugins/plugin.js';
import { coreModule } from './core-module.js';

/** What {@link createBladeContainer} takes. */
export interface BladeContainerOptions {
  /** Plugins (objects, or records from `loadPlugin`) whose modules are loaded after core. */
  readonly plugins?: ReadonlyArray<BladePlugin | LoadedPlugin>;
  /** Further modules (data loaders, trainer, CLI …), loaded after the plugins. */
  readonly modules?: readonly ContainerModule[];
}

/**
 * A container with core services, the given plugins and modules. The same plugin object given twice
 * is loaded once; two different plugins with one name are refused.
 *
 * @example
 * ```ts
 * const container = createBladeContainer({ plugins: [ndcgPlugin, recallPlugin] });
 * const objective = container.get<ObjectiveFactory>(ObjectiveFactory).create({ terms: ['ndcg@10'] });
 * ```
 */
export function createBladeContainer(options: BladeContainerOptions = {}): Container {
  const container = new Container();
  const byName = new Map<string, LoadedPlugin>();
  for (const entry of options.plugins ?? []) {
    const record: LoadedPlugin = 'plugin' in entry ? entry : { plugin: entry, request: entry.meta.name };
    const previous = byName.get(record.plugin.meta.name);
    if (previous && previous.plugin !== record.plugin) {
      throw new BladeUserError(`two different plugins are named ${record.plugin.meta.name} (${previous.request} and ${record.request})`);
    }
    if (!previous) byName.set(record.plugin.meta.name, record);
  }
  const loaded = [...byName.values()];
  container.bind(LoadedPlugins).toConstantValue({ plugins: loaded } satisfies LoadedPlugins);
  container.load(coreModule, ...loaded.map((p) => p.plugin.containerModule), ...(options.modules ?? []));
  return container;
}
