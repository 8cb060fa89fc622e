/** A number with `digits` decimals, or – when it is not finite. */
export const fixed = (x: number | undefined, digits = 4): string =>
  x !== undefined && Number.isFinite(x) ? x.toFixed(digits) : '–';

/** A signed number (`+0.0123`), or –. */
export const signed = (x: number, digits = 4): string =>
  Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${x.toFixed(digits)}` : '–';

/** A p-value (`< 0.001` below a thousandth), or –. */
export const pValue = (p: number): string => (Number.isFinite(p) ? (p < 0.001 ? '< 0.001' : p.toFixed(3)) : '–');

/** `mean ± sd`, the sd left out with one seed. */
export const meanSd = (s: { mean: number; sd: number; n: number } | undefined, digits = 4): string =>
  s === undefined || s.n === 0
    ? '–'
    : s.n > 1
      ? `${fixed(s.mean, digits)} ± ${fixed(s.sd, digits)}`
      : fixed(s.mean, digits);

/** Escapes text for HTML element content and attribute values. */
export const escapeHtml = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
