import type { PluginNames } from '../plugin-names.js';
import { SCAFFOLD_TOOL_VERSIONS } from './scaffold-versions.js';

/** What each kind contributes to the shared files. */
export interface KindTemplate {
  /** `src/…` and `test/…` files. */
  readonly files: Readonly<Record<string, string>>;
  /** One sentence for package.json and the README. */
  readonly description: string;
  /** `definePlugin` field the kind fills (`rewards`, `corpusMetrics`, `priorStores` …). */
  readonly field: string;
  /** `@bladerec/*` packages the plugin imports at run time besides core (peers). */
  readonly peers: readonly string[];
  /** Dev dependencies besides core, the peers, typescript, vitest and @types/node. */
  readonly devDependencies: readonly string[];
  /** README section: how the contribution is used. */
  readonly usage: string;
}

/** package.json, tsconfig.json, README.md, .gitignore and src/index.ts of a scaffolded plugin. */
export function commonFiles(names: PluginNames, kind: KindTemplate): Record<string, string> {
  const bladerec = (name: string) => [name, names.bladerecRange] as const;
  const tool = (name: keyof typeof SCAFFOLD_TOOL_VERSIONS) => [name, SCAFFOLD_TOOL_VERSIONS[name]] as const;
  const peers = ['@bladerec/core', ...kind.peers];
  const manifest = {
    name: names.packageName,
    version: '0.1.0',
    description: kind.description[0]!.toUpperCase() + kind.description.slice(1),
    type: 'module',
    license: 'MIT',
    keywords: ['bladerec-plugin', 'bladerec', names.id],
    exports: {
      '.': { types: './dist/index.d.ts', default: './dist/index.js' },
      './package.json': './package.json',
    },
    types: './dist/index.d.ts',
    files: ['dist'],
    sideEffects: false,
    engines: { node: '>=20.11' },
    scripts: { build: 'tsc -p tsconfig.json', test: 'vitest run', prepack: 'npm run build' },
    peerDependencies: Object.fromEntries(peers.map(bladerec)),
    devDependencies: Object.fromEntries(
      [
        ...peers.map(bladerec),
        ...kind.devDependencies.map((name) =>
          name.startsWith('@bladerec/') ? bladerec(name) : tool(name as keyof typeof SCAFFOLD_TOOL_VERSIONS),
        ),
        tool('@types/node'),
        tool('typescript'),
        tool('vitest'),
      ].sort(([a], [b]) => a.localeCompare(b)),
    ),
  };
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2023'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      declaration: true,
      rootDir: 'src',
      outDir: 'dist',
      skipLibCheck: true,
      isolatedModules: true,
      forceConsistentCasingInFileNames: true,
      types: ['node'],
    },
    include: ['src'],
  };
  const index = [
    "import { createRequire } from 'node:module';",
    "import { definePlugin } from '@bladerec/core';",
    `import { ${names.camel} } from './${names.id}.js';`,
    '',
    `export * from './${names.id}.js';`,
    '',
    '// name and version come from package.json, so that `blade plugins list` shows what npm installed',
    "const pkg = createRequire(import.meta.url)('../package.json') as { name: string; version: string };",
    '',
    `/** The plugin object bladerec loads: \`blade … --plugin ${names.id}\` finds it by the package name's prefix. */`,
    `export default definePlugin({ meta: { name: pkg.name, version: pkg.version, namespace: '${names.id}' }, ${kind.field}: [${names.camel}] });`,
    '',
  ].join('\n');
  const readme = `# ${names.packageName}

A [bladerec](https://github.com/bladerec/bladerec#readme) plugin: ${kind.description}

Scaffolded by \`blade plugin new\`. The code under \`src/\` is a complete, tested example of this
kind of contribution: change it into yours, keep the tests passing.

## Install

\`\`\`sh
npm install ${peers.join(' ')} ${names.packageName}
\`\`\`

## Use

${kind.usage}

## Develop

\`\`\`sh
npm install
npm test          # vitest: the conformance checks and your own cases
npm run build     # tsc → dist/
npm publish       # builds first (prepack); a scoped name needs --access public
\`\`\`

The package follows the plugin guide
([writing a plugin](https://github.com/bladerec/bladerec/blob/main/docs/writing-a-plugin.md)):
ESM, \`@bladerec/core\` as a peer dependency (the plugin binds into the host's container), the
keyword \`bladerec-plugin\`, and a name that \`--plugin ${names.id}\` resolves
(\`bladerec-reward-<name>\` or \`bladerec-plugin-<name>\`, optionally scoped).

## License

MIT (choose your own before publishing).
`;
  return {
    'package.json': JSON.stringify(manifest, null, 2) + '\n',
    'tsconfig.json': JSON.stringify(tsconfig, null, 2) + '\n',
    '.gitignore': 'node_modules/\ndist/\n*.tgz\n',
    'README.md': readme,
    'src/index.ts': index,
    ...kind.files,
  };
}
