import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../src/', import.meta.url));

/** The files a module reaches through its static relative imports (dynamic `import()` excluded). */
function staticImports(entry: string): Map<string, string> {
  const parent = new Map<string, string>([[entry, '']]);
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms)) {
      const target = resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts'));
      if (!parent.has(target)) {
        parent.set(target, file);
        queue.push(target);
      }
    }
  }
  return parent;
}

describe('CLI start-up', () => {
  it("the trainer's CLI module (config schemas, commands) does not load TensorFlow.js", () => {
    const reached = staticImports(resolve(src, 'trainer-module.ts'));
    const tf = resolve(src, 'backend/tf.ts');
    const chain: string[] = [];
    for (let f = tf; reached.has(f) && f; f = reached.get(f)!) chain.push(f.slice(src.length));
    expect(chain, `import chain: ${chain.reverse().join(' → ')}`).toEqual([]);
    // the check sees the alignment config and its loss-term schemas
    expect(reached.has(resolve(src, 'align/loss/loss-term-config.ts'))).toBe(true);
  });
});
