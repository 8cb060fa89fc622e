import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isAbsolute, join, resolve as resolvePath } from 'node:path';
import { BladeUserError } from '../errors/blade-error.js';
import type { LoadedPlugin } from './loaded-plugins.js';
import { isBladePlugin } from './plugin.js';

/** npm keyword plugin packages should carry. */
export const PLUGIN_KEYWORD = 'bladerec-plugin';

/**
 * Candidate package names for a plugin request, in the order they are tried:
 *
 * | request            | candidates                                                        |
 * |--------------------|-------------------------------------------------------------------|
 * | `ndcg`             | `@bladerec/reward-ndcg`, `bladerec-reward-ndcg`, `bladerec-plugin-ndcg`, `ndcg` |
 * | `@acme/novelty`    | `@acme/bladerec-reward-novelty`, `@acme/bladerec-plugin-novelty`, `@acme/novelty` |
 * | `@acme`            | `@acme/bladerec-plugin`                                           |
 * | `./x.js`, `/abs/x` | the file itself                                                   |
 * | `./pkg-folder`     | the folder's package entry (`exports` `.`, else `main`, else `index.js`) |
 *
 * A request that already carries a prefix (`bladerec-reward-x`, `@bladerec/reward-x`) is used as is.
 */
export function pluginCandidates(request: string): string[] {
  if (isPath(request)) return [request];
  if (
    /^(?:@bladerec\/|bladerec-(?:reward|plugin)-)/.test(request) ||
    /^@[^/]+\/bladerec-(?:reward|plugin)-/.test(request)
  )
    return [request];
  const scoped = /^(@[^/]+)(?:\/(.+))?$/.exec(request);
  if (scoped) {
    const [, scope, rest] = scoped;
    if (rest === undefined) return [`${scope}/bladerec-plugin`];
    return [`${scope}/bladerec-reward-${rest}`, `${scope}/bladerec-plugin-${rest}`, request];
  }
  return [`@bladerec/reward-${request}`, `bladerec-reward-${request}`, `bladerec-plugin-${request}`, request];
}

/**
 * For a path naming a package folder (a folder with a `package.json`), the URL of the package's entry
 * point: what its `exports` map gives for `.`, else its `main`, else `index.js`. Undefined for
 * anything else (a file, or a missing path), which is then imported as it is.
 */
function packageEntry(
  url: string,
  request: string,
  resolveModule: (specifier: string, parent: string) => string,
): string | undefined {
  const folder = fileURLToPath(url);
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) return undefined;
  const manifest = join(folder, 'package.json');
  let pkg: { name?: unknown; exports?: unknown; main?: unknown };
  try {
    pkg = JSON.parse(readFileSync(manifest, 'utf8')) as typeof pkg;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT')
      throw new BladeUserError(`plugin '${request}': ${folder} is a folder without a package.json`);
    throw new BladeUserError(`plugin '${request}': cannot read ${manifest} (${(error as Error).message})`);
  }
  const base = pathToFileURL(manifest).href;
  try {
    if (typeof pkg.name === 'string' && pkg.exports !== undefined && pkg.exports !== null)
      return resolveModule(pkg.name, base);
  } catch (error) {
    throw new BladeUserError(
      `plugin '${request}': ${manifest} has no usable entry point (${(error as Error).message})`,
    );
  }
  return new URL(typeof pkg.main === 'string' ? pkg.main : 'index.js', base).href;
}

function isPath(request: string): boolean {
  return (
    request.startsWith('.') || request.startsWith('/') || /^[A-Za-z]:[\\/]/.test(request) || request.startsWith('file:')
  );
}

/**
 * Loads plugin packages by name (with the prefix convention of {@link pluginCandidates}) or by path,
 * resolving from `fromDirectory` first (the user's project), then from bladerec's own install.
 *
 * @throws BladeUserError (one line): `not found` when no candidate resolves; `the package's entry
 *   point … does not exist` when a package resolves to a file that is missing; `failed to load:
 *   cannot find module '<dep>' imported from <file>` when the plugin resolves but one of its own
 *   imports does not; `failed to load: <reason>` for any other error while importing it; `does not
 *   default-export a plugin object` when it loads but is no plugin.
 */
export async function loadPlugin(request: string, fromDirectory: string = process.cwd()): Promise<LoadedPlugin> {
  const { resolve: resolveModule } = await import('import-meta-resolve'); // loaded only when plugins are requested
  const parents = [pathToFileURL(resolvePath(fromDirectory) + '/').href, import.meta.url];
  const tried: string[] = [];
  for (const candidate of pluginCandidates(request)) {
    let url: string | undefined;
    let entry: string | undefined;
    if (isPath(candidate)) {
      url = candidate.startsWith('file:') ? candidate : pathToFileURL(resolvePath(fromDirectory, candidate)).href;
      entry = packageEntry(url, request, resolveModule);
      url = entry ?? url;
    } else {
      for (const parent of parents) {
        try {
          url = resolveModule(candidate, parent);
          break;
        } catch {
          // not resolvable from this parent: try the next one
        }
      }
    }
    tried.push(candidate);
    if (url === undefined) continue;
    let module: { default?: unknown };
    try {
      module = (await import(url)) as { default?: unknown };
    } catch (error) {
      const missing = missingModule(error);
      if (missing?.url === url) {
        // the plugin module itself is missing: a path that names nothing, or a package that was not built
        if (isPath(candidate) && entry === undefined) break;
        throw new BladeUserError(
          `plugin '${request}': the package's entry point ${fileURLToPath(url)} does not exist (is the package built?)`,
        );
      }
      const reason = missing
        ? `cannot find module '${missing.specifier}' imported from ${missing.importer}`
        : firstLine(error);
      throw new BladeUserError(`plugin '${request}' (${candidate}) failed to load: ${reason}`);
    }
    const plugin = module.default;
    if (!isBladePlugin(plugin)) {
      throw new BladeUserError(
        `plugin '${request}' (${candidate}) does not default-export a plugin object ({ meta: { name, version }, rewards, corpusMetrics, containerModule }); build it with definePlugin()`,
      );
    }
    return { plugin, request, url };
  }
  throw new BladeUserError(`plugin '${request}' not found (tried ${tried.join(', ')})`);
}

/**
 * What a failed `import()` could not find, from an `ERR_MODULE_NOT_FOUND` error (`Cannot find module
 * '/abs/x.js' imported from /abs/index.js`, or `Cannot find package 'dep' …`): the specifier as the
 * error names it, the importing file, and the file URL when the missing module is a file (Node gives
 * it as `error.url`; other module runners name the file by URL, absolute path or relative specifier).
 */
function missingModule(error: unknown): { specifier: string; importer: string; url?: string } | undefined {
  if ((error as { code?: string } | null)?.code !== 'ERR_MODULE_NOT_FOUND') return undefined;
  const match = /^Cannot find (?:module|package) '(.+)' imported from (.+)$/.exec(firstLine(error));
  if (!match) return undefined;
  const [, specifier, importer] = match as unknown as [string, string, string];
  const given = (error as { url?: unknown }).url;
  let url: string | undefined;
  if (typeof given === 'string') url = given;
  else if (specifier.startsWith('file:')) url = specifier;
  else if (isAbsolute(specifier)) url = pathToFileURL(specifier).href;
  else if (/^\.\.?\//.test(specifier)) url = new URL(specifier, pathToFileURL(importer)).href;
  return { specifier, importer, url };
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0]!;
}
