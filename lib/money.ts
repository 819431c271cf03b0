/**
 * The platform's one rounding rule for money, which is integer fen: a share of an amount (a part of a
 * period, a percentage, a month of a year) is rounded half up, to the nearest fen.
 */

/** a × b / c rounded half up, in integers (all operands are non-negative, c > 0). */
export function mulDivRound(a: number, b: number, c: number): number {
  return Math.floor((2 * a * b + c) / (2 * c));
}
