/**
 * Every rule a built-in loader may apply to imperfect input, with what it does. Each one is counted
 * in the load report (`report.counts[rule]`) whenever it fires and documented in `docs/data.md`.
 * Anything not covered by a rule is rejected with a `BladeUserError` naming file, line and reason.
 */
export const LOAD_RULES = {
  'blank-line': 'a blank line in a line-based file is skipped',
  'unknown-title': 'a history title that is not in the catalog is removed from that history',
  'unknown-target':
    'a target title or id that is not in the catalog is removed; an example left without targets is dropped',
  'unknown-item': 'a history item id (or an interaction item) that is not in the catalog is removed',
  'empty-target': 'an example with an empty target list is dropped',
  'empty-history': 'an example whose history is empty (after the rules above) is dropped',
  'short-history': 'an example whose history is shorter than `minHistory` (but not empty) is dropped',
  'history-truncated': 'a history longer than `maxHistory` is cut to its last `maxHistory` items',
  'missing-genre': 'a catalog item with no genre entry gets no categories',
  'genre-not-in-dictionary':
    'a genre of an item that is not in the genre dictionary (`genre_dict.json`) is dropped from that item',
  'genre-unknown-title': 'an entry of a genre file names a title that is not in the catalog and is ignored',
  'genre-conflict': 'an item seen with several genres keeps all of them (their union)',
  'duplicate-title':
    'a catalog item shares its title with an earlier item; title lookups resolve to the one the format designates',
  'title-mismatch': 'a row names an item id whose title differs from the catalog title; the id wins',
  'popularity-unknown-title':
    'an entry of a popularity-count file names a title that is not in the catalog and is ignored',
  'ungrouped-item': 'a catalog item is in no popularity group (group −1)',
  'duplicate-row-id': 'two rows of one file carry the same row id; both are kept',
  'duplicate-interaction': 'a repeated (user, item) interaction: the earliest one is kept, later ones are dropped',
  'below-rating-threshold': 'an interaction rated below `ratingThreshold` is dropped',
  'k-core-removed-interactions': 'an interaction removed by iterative k-core filtering',
  'k-core-removed-users': 'a user removed by k-core filtering',
  'k-core-removed-items': 'an item removed by k-core filtering (it leaves the catalog)',
  'item-without-interactions': 'an item of the item file with no remaining interaction leaves the catalog',
  'user-too-short': 'a user with too few interactions for the split mode contributes no example',
  'unassigned-example': 'an example left over when split counts add up to less than the number of examples',
} as const;

/** Name of a built-in load rule. */
export type LoadRule = keyof typeof LOAD_RULES;
