export { formatTable } from '@bladerec/core';

/** A metric value for tables: 4 decimals, or scientific notation for tiny non-zero values. */
export function formatValue(value: number): string {
  if (value !== 0 && Math.abs(value) < 1e-4) return value.toExponential(3);
  return value.toFixed(4);
}
