import { existsSync } from 'node:fs';
import { BladeUserError, DatasetLoader, type SequenceDataset } from '@bladerec/core';
import { injectable, multiInject, optional } from '@bladerec/core/inversify';

/**
 * Every {@link DatasetLoader} bound in a container, by format name. Plugins add formats by binding
 * their own loader to the `DatasetLoader` symbol.
 *
 * The default registry: collects the multi-bound loaders, refusing two loaders with one format name.
 *
 * @example
 * ```ts
 * import { createBladeContainer } from '@bladerec/core';
 * import { dataPlugin, DatasetLoaderRegistry } from '@bladerec/data';
 *
 * const loaders = createBladeContainer({ plugins: [dataPlugin] }).get(DatasetLoaderRegistry);
 * const synthetic = await loaders.load(undefined, 'synthetic', { seed: 7, users: 500 });
 * const movielens = await loaders.load('data/ml-100k', 'movielens');
 * ```
 */
@injectable()
export class DatasetLoaderRegistry {
  private readonly byFormat = new Map<string, DatasetLoader>();

  constructor(@multiInject(DatasetLoader) @optional() loaders: readonly DatasetLoader[] = []) {
    for (const loader of loaders ?? []) {
      const previous = this.byFormat.get(loader.format);
      if (previous) {
        throw new BladeUserError(
          `two data set loaders claim the format '${loader.format}' (${previous.constructor.name} and ${loader.constructor.name})`,
        );
      }
      this.byFormat.set(loader.format, loader);
    }
  }

  /** The loaders, sorted by format name. */
  list(): DatasetLoader[] {
    return [...this.byFormat.values()].sort((a, b) => a.format.localeCompare(b.format));
  }

  has(format: string): boolean {
    return this.byFormat.has(format);
  }

  /** @throws BladeUserError `unknown data format 'x' (known formats: …)`. */
  get(format: string): DatasetLoader {
    const loader = this.byFormat.get(format);
    if (!loader) {
      const known = this.list().map((l) => l.format);
      throw new BladeUserError(
        `unknown data format '${format}' (known formats: ${known.length > 0 ? known.join(', ') : 'none'})`,
      );
    }
    return loader;
  }

  /**
   * Loads `path` with the loader of `format` (no path for a format that reads no file, such as
   * `synthetic`).
   * @throws BladeUserError for an unknown format, a missing or superfluous path, bad options or bad input.
   */
  async load(
    path: string | undefined,
    format: string,
    options?: Readonly<Record<string, unknown>>,
  ): Promise<SequenceDataset> {
    const loader = this.get(format);
    if (loader.takesPath === false) {
      if (path !== undefined)
        throw new BladeUserError(`format '${format}' reads no file: leave the path out (${loader.description})`, {
          file: path,
        });
      return loader.load(undefined, options);
    }
    if (path === undefined) throw new BladeUserError(`format '${format}' needs a path (a file or folder)`);
    if (!existsSync(path)) throw new BladeUserError('no such file or folder', { file: path });
    return loader.load(path, options);
  }
}
