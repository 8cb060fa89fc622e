/**
 * Formats rows as left-aligned columns separated by two spaces, one line per row, with no trailing spaces (the last
 * column is not padded). The text tables of every `blade` command.
 */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return (
    rows
      .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '))
      .join('\n') + '\n'
  );
}
