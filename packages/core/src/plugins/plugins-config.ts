import { Type } from '@sinclair/typebox';

/**
 * The `plugins` section of a config: plugin requests (names or paths, as `--plugin` takes them;
 * paths relative to the config file) that every command reading the config loads, so that
 * `--plugin` need not be repeated on each command line.
 */
export const PluginsConfig = Type.Array(Type.String({ minLength: 1 }), {
  description:
    'Plugins to load, by name (novelty → bladerec-reward-novelty …) or path relative to this file, as --plugin takes them.',
});
