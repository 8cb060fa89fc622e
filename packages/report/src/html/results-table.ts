import type { PairedDifference } from '../aggregate/paired-difference.js';
import type { ReportData } from '../aggregate/report-data.js';
import { escapeHtml, fixed, meanSd, pValue, signed } from './format.js';

/** A difference cell: seed-level mean [t 95 % CI] (p, sign test), then the user bootstrap; * = excludes 0. */
export function differenceText(d: PairedDifference): string {
  const b = d.bootstrap;
  const sign = `sign ${d.sign.positive}/${d.sign.n} p ${pValue(d.sign.p)}`;
  const seedLevel = d.df >= 1 ? ` [${fixed(d.lo)}, ${fixed(d.hi)}] t p ${pValue(d.p)}, ${sign};` : ';';
  const users = `users ${signed(b.mean)} [${fixed(b.lo)}, ${fixed(b.hi)}]${b.significant ? ' *' : ''}`;
  return `${signed(d.mean)}${seedLevel} ${users}`;
}

/** The results table as HTML: per group, seeds, realised KL, validation and test mean ± sd, differences. */
export function resultsTableHtml(data: ReportData): string {
  const bases = [...new Set(data.rows.flatMap((r) => Object.keys(r.differences)))];
  const head = [
    'group',
    'objective',
    'seeds',
    'realised KL',
    `validation ${data.metric}`,
    ...data.metrics.map((m) => `test ${m}`),
    ...bases.map((b) => `${data.metric} − ${b}`),
  ];
  const body = data.rows.map((r) => {
    const seeds = `${r.finished}${r.running ? ` (+${r.running} running)` : ''}`;
    const cells = [
      r.group.label,
      r.group.objective ?? '–',
      seeds,
      r.group.kind === 'align' ? meanSd(r.kl) : '–',
      meanSd(r.validation),
      ...data.metrics.map((m) => meanSd(r.test[m])),
      ...bases.map((b) => (r.differences[b] ? differenceText(r.differences[b]!) : '–')),
    ];
    const first = cells.length - bases.length;
    const significant = (i: number) => i >= first && (r.differences[bases[i - first]!]?.bootstrap.significant ?? false);
    const tds = cells.map((c, i) => `<td${significant(i) ? ' class="significant"' : ''}>${escapeHtml(c)}</td>`);
    return `<tr>${tds.join('')}</tr>`;
  });
  const ths = head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  return `<table class="results"><thead><tr>${ths}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}
