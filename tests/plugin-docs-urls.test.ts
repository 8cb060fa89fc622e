import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BladePlugin } from '@bladerec/core';
import diversity from '@bladerec/reward-diversity';
import fairness from '@bladerec/reward-fairness';
import ndcg from '@bladerec/reward-ndcg';
import recall from '@bladerec/reward-recall';
import { describe, expect, test } from 'vitest';
import novelty from '../examples/bladerec-reward-novelty/src/index.js';

// Every docsUrl of the plugins in this repository points into the repository: at a file that
// exists and, with an anchor, at one of its headings (GitHub's anchor of `## Recall@K` is `recallk`).
const root = join(import.meta.dirname, '..');
const REPO = 'https://github.com/bladerec/bladerec/blob/main/';

/** GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to hyphens. */
const anchorOf = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

const definitions = ([ndcg, recall, fairness, diversity, novelty] as BladePlugin[]).flatMap((plugin) =>
  [...Object.values(plugin.rewards), ...Object.values(plugin.corpusMetrics)].map(
    (d) => [`${plugin.meta.name} ${d.meta.id}`, d.meta.docsUrl] as const,
  ),
);

describe('plugin docsUrl', () => {
  test.each(definitions)('%s', (_what, url) => {
    expect(url?.startsWith(REPO), url).toBe(true);
    const [path, anchor] = url!.slice(REPO.length).split('#') as [string, string | undefined];
    const file = join(root, path);
    expect(existsSync(file), file).toBe(true);
    if (anchor !== undefined) {
      const headings = readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => /^#{1,6} /.test(line))
        .map((line) => anchorOf(line.replace(/^#+ /, '')));
      expect(headings, url).toContain(anchor);
    }
  });

  test('each metric has its own page or section under docs/metrics', () => {
    const urls = definitions.filter(([what]) => what.startsWith('@bladerec/')).map(([, url]) => url!);
    expect(
      urls.every((url) => url.startsWith(`${REPO}docs/metrics/`)),
      urls.join('\n'),
    ).toBe(true);
    expect(ndcg.rewards['ndcg']!.meta.docsUrl).toBe(`${REPO}docs/metrics/ndcg.md`);
  });
});
