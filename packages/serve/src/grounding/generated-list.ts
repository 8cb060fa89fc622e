const NUMBERED = /^\s*(?:\d+\s*[.):]|[-*•])\s+(.+?)\s*$/;

/**
 * The titles of a generated list: the numbered (`1. Title`, `2) Title`) or bulleted lines of `text`;
 * when there are none, every non-empty line. Surrounding quotes and `**` emphasis are removed.
 */
export function parseGeneratedList(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const numbered = lines.map((l) => NUMBERED.exec(l)?.[1]).filter((t): t is string => t !== undefined);
  const titles = numbered.length > 0 ? numbered : lines.map((l) => l.trim()).filter((l) => l !== '');
  return titles
    .map((t) =>
      t
        .replace(/^\*\*(.*)\*\*$/, '$1')
        .replace(/^["“'](.*)["”']$/, '$1')
        .trim(),
    )
    .filter((t) => t !== '');
}
