/** Throws unless `a` and `b` are element-wise equal within a relative tolerance (`0` = identical). */
export function assertSameScores(a: ArrayLike<number>, b: ArrayLike<number>, tolerance: number, what: string): void {
  if (a.length !== b.length) throw new Error(`${what}: ${a.length} scores vs ${b.length}`);
  for (let i = 0; i < a.length; i++) {
    if (!close(a[i]!, b[i]!, tolerance)) throw new Error(`${what}: list ${i} scored ${a[i]} vs ${b[i]}`);
  }
}

/** `|x − y| ≤ tol · max(1, |x|, |y|)`, or `Object.is(x, y)` when `tol = 0`. */
export function close(x: number, y: number, tolerance: number): boolean {
  if (tolerance === 0) return Object.is(x, y) || x === y;
  return Math.abs(x - y) <= tolerance * Math.max(1, Math.abs(x), Math.abs(y));
}
