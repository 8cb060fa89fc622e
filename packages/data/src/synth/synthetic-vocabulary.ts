/** Genre names of the synthetic catalog (genre `g ≥ 12` is named `genre-g`). */
export const SYNTHETIC_GENRES = [
  'drama',
  'comedy',
  'action',
  'romance',
  'thriller',
  'documentary',
  'fantasy',
  'animation',
  'horror',
  'sci-fi',
  'mystery',
  'western',
] as const;

const ADJECTIVES = [
  'Silent',
  'Crimson',
  'Last',
  'Hidden',
  'Golden',
  'Broken',
  'Distant',
  'Wild',
  'Frozen',
  'Secret',
  'Burning',
  'Quiet',
  'Lost',
  'Bright',
  'Iron',
  'Paper',
];
const NOUNS = [
  'River',
  'Garden',
  'Empire',
  'Letter',
  'Harbor',
  'Machine',
  'Summer',
  'Voyage',
  'Mirror',
  'Forest',
  'Signal',
  'Crown',
  'Island',
  'Promise',
  'Engine',
  'Shadow',
];

/** Name of genre `g`. */
export function syntheticGenreName(g: number): string {
  return SYNTHETIC_GENRES[g] ?? `genre-${g}`;
}

/** Title of item `i`: two words chosen by `pick` plus the item number, e.g. `The Golden Harbor (#17)`. */
export function syntheticTitle(i: number, pick: (n: number) => number): string {
  return `The ${ADJECTIVES[pick(ADJECTIVES.length)]} ${NOUNS[pick(NOUNS.length)]} (#${i + 1})`;
}
