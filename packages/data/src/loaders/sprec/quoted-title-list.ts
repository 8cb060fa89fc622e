import { RecordError } from '../../dataset/record-error.js';

/**
 * Splits an SPRec/BIGRec prompt fragment such as
 * `The user has read: "A", "B, Part 2", "Say "Hi"", please …` into its titles, using the catalog to
 * resolve quotes and commas inside titles.
 *
 * The list runs from the first to the last double quote of `text`. An item starts at a quote;
 * its closing quote must be the list's last quote or be followed by `,` + optional spaces + `"`.
 * Among those candidate closing quotes the parser takes the **longest** candidate whose content is a
 * known title (greedy longest match), so `"A Child Called "It" (Dave Pelzer #1)"` is one title.
 * When no candidate is known it takes the **shortest** one (the plain reading) and the title is
 * reported as unknown. Text with no quote at all yields an empty list.
 *
 * @returns the titles in order and whether each is known.
 * @throws RecordError when a title's opening quote is never closed (e.g. a single quote).
 */
export function parseQuotedTitleList(
  text: string,
  isKnown: (title: string) => boolean,
): { titles: string[]; known: boolean[] } {
  const first = text.indexOf('"');
  const titles: string[] = [];
  const known: boolean[] = [];
  if (first < 0) return { titles, known };
  const last = text.lastIndexOf('"');
  if (last === first) throw new RecordError(`unterminated title: a single double quote at character ${first + 1}`);
  let start = first;
  for (;;) {
    if (start >= last)
      throw new RecordError(`unterminated title: the double quote at character ${start + 1} is never closed`);
    const candidates: number[] = [];
    for (let q = text.indexOf('"', start + 1); q >= 0 && q <= last; q = text.indexOf('"', q + 1)) {
      if (q === last || nextItemStart(text, q) >= 0) candidates.push(q);
    }
    let chosen = -1;
    for (let k = candidates.length - 1; k >= 0; k--) {
      if (isKnown(text.slice(start + 1, candidates[k]))) {
        chosen = candidates[k]!;
        break;
      }
    }
    const isKnownTitle = chosen >= 0;
    if (!isKnownTitle) chosen = candidates[0]!;
    titles.push(text.slice(start + 1, chosen));
    known.push(isKnownTitle);
    if (chosen === last) return { titles, known };
    start = nextItemStart(text, chosen);
  }
}

/** Position of the opening quote after `"` at `q` followed by `,` and optional spaces, or −1. */
function nextItemStart(text: string, q: number): number {
  let i = q + 1;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  if (text[i] !== ',') return -1;
  i++;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n')) i++;
  return text[i] === '"' ? i : -1;
}
