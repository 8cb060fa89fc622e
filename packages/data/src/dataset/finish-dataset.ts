import type { DatasetSplits, SequenceDataset, SequenceExample } from '@bladerec/core';
import { countPopularity } from '../catalog/count-popularity.js';
import type { InMemoryCatalog } from '../catalog/in-memory-catalog.js';
import { popularityGroups } from '../catalog/popularity-groups.js';
import { COOCCURRENCE_EMBEDDING_SOURCE, cooccurrenceEmbeddings } from '../embeddings/cooccurrence-embeddings.js';
import { TITLE_EMBEDDING_SOURCE, titleEmbeddings } from '../embeddings/title-embeddings.js';
import type { CommonOptions } from './common-options.js';
import type { LoadReportBuilder } from './load-report-builder.js';

/** What a loader has built before the common steps of {@link finishDataset}. */
export interface DraftDataset {
  readonly name: string;
  readonly format: string;
  readonly catalog: InMemoryCatalog;
  readonly splits: {
    readonly train: readonly SequenceExample[];
    readonly valid: readonly SequenceExample[];
    readonly test: readonly SequenceExample[];
  };
}

/**
 * The steps every built-in loader ends with, in this order:
 * 1. history rules on every split: empty histories are dropped (`empty-history`) when
 *    `minHistory ≥ 1`, shorter ones dropped (`short-history`), longer than `maxHistory` truncated
 *    (`history-truncated`);
 * 2. with `popularityFromTrain`, popularity = occurrences in the training examples (histories and
 *    targets);
 * 3. popularity groups when the catalog has none and `popularityGroups > 0`;
 * 4. embeddings when the catalog has none (see {@link CommonOptions.embeddings}).
 */
export function finishDataset(
  draft: DraftDataset,
  options: CommonOptions,
  report: LoadReportBuilder,
  finish: { popularityFromTrain: boolean },
): SequenceDataset {
  const splits: DatasetSplits = {
    train: applyHistoryRules(draft.splits.train, options, report),
    valid: applyHistoryRules(draft.splits.valid, options, report),
    test: applyHistoryRules(draft.splits.test, options, report),
  };
  let catalog = draft.catalog;
  if (finish.popularityFromTrain) catalog = catalog.withPopularity(countPopularity(splits.train, catalog.size));
  if (!catalog.groups && options.popularityGroups > 0 && catalog.size > 0) {
    const groups = popularityGroups(catalog.popularity, options.popularityGroups);
    catalog = catalog.withGroups(groups);
    report.note(
      `popularity groups: ${groups.names.length} equal-size groups computed from training popularity (group 0 = most popular)`,
    );
  }
  if (!catalog.embeddings && options.embeddings !== 'none' && catalog.size > 0) {
    const everyTitle = catalog.titles.every((t) => t.trim() !== '');
    const mode = options.embeddings === 'auto' ? (everyTitle ? 'title' : 'cooccurrence') : options.embeddings;
    const dim = options.embeddingDim;
    if (mode === 'title') {
      catalog = catalog.withEmbeddings({
        dim,
        data: titleEmbeddings(catalog.titles, { dim, ids: catalog.ids }),
        source: TITLE_EMBEDDING_SOURCE,
      });
    } else {
      const sequences = splits.train.map((e) => {
        const s = new Int32Array(e.history.length + e.targets.length);
        s.set(e.history);
        s.set(e.targets, e.history.length);
        return s;
      });
      catalog = catalog.withEmbeddings({
        dim,
        data: cooccurrenceEmbeddings(sequences, catalog.size, { dim }),
        source: COOCCURRENCE_EMBEDDING_SOURCE,
      });
    }
    report.note(`embeddings: computed ${catalog.embeddings!.source} (${dim} dimensions)`);
  }
  return { name: draft.name, format: draft.format, catalog, splits, report: report.build() };
}

function applyHistoryRules(
  examples: readonly SequenceExample[],
  options: CommonOptions,
  report: LoadReportBuilder,
): SequenceExample[] {
  const out: SequenceExample[] = [];
  for (const example of examples) {
    const n = example.history.length;
    if (n === 0 && options.minHistory >= 1) {
      report.count('empty-history');
      continue;
    }
    if (n < options.minHistory) {
      report.count('short-history');
      continue;
    }
    if (options.maxHistory !== undefined && n > options.maxHistory) {
      report.count('history-truncated');
      out.push({ ...example, history: example.history.slice(n - options.maxHistory) });
    } else out.push(example);
  }
  return out;
}
