/** Reads the structure of a Vega-rendered SVG: texts by role, marks by kind (for golden structure tests). */
export function texts(svg: string, role: string): string[] {
  const out: string[] = [];
  const group = new RegExp(`<g class="mark-text role-${role}(?: [^"]*)?"[^>]*>(.*?)</g>`, 'g');
  for (const m of svg.matchAll(group)) for (const t of m[1]!.matchAll(/<text[^>]*>([^<]*)<\/text>/g)) out.push(t[1]!);
  return out;
}

/** The `d` attributes of the marks of one kind (`line mark`, `area mark`, `bar`, `symbol` …). */
export function markPaths(svg: string, kind: string): string[] {
  const out: string[] = [];
  for (const m of svg.matchAll(new RegExp(`<path[^>]*aria-roledescription="${kind}"[^>]*>`, 'g'))) {
    out.push(m[0].match(/ d="([^"]*)"/)?.[1] ?? '');
  }
  return out;
}
