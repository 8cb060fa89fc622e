import { Container, type ContainerModule } from 'inversify';
import { LoadedPlugins, type LoadedPlugin } from '../plugins/loaded-plugins.js';
import type { BladePlugin } from '../plugins/plugin.js';
import { uniquePlugins } from '../plugins/unique-plugins.js';
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
  const loaded = uniquePlugins(options.plugins ?? []);
  container.bind(LoadedPlugins).toConstantValue({ plugins: loaded } satisfies LoadedPlugins);
  container.load(coreModule, ...loaded.map((p) => p.plugin.containerModule), ...(options.modules ?? []));
  return container;
}
