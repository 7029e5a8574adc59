/** Distribution of a set of samples (milliseconds unless said otherwise). */
export interface Summary {
  count: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/**
 * Nearest-rank percentile: the smallest sample with at least p% of the samples at or below it.
 * No interpolation, so every figure printed is a latency that actually happened.
 */
export function percentile(sortedAscending: readonly number[], p: number): number {
  if (sortedAscending.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sortedAscending.length));
  return sortedAscending[Math.min(rank, sortedAscending.length) - 1]!;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    count: sorted.length,
    min: sorted[0] ?? Number.NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    mean: sorted.length === 0 ? Number.NaN : total / sorted.length,
  };
}

/** `numerator / denominator`, or NaN when either side is missing; printed as "1.23×". */
export function ratio(numerator: number, denominator: number): number {
  return Number.isFinite(numerator) && Number.isFinite(denominator) && denominator !== 0 ? numerator / denominator : Number.NaN;
}

/** The middle value (mean of the two middle ones for an even count), ignoring NaN. */
export function median(values: readonly number[]): number {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Per target, each figure's median over its rounds, and its ratio to the first target's median
 * (the baseline every other column is read against).
 */
export function mediansAgainstFirst<Figure extends string>(
  roundsPerTarget: readonly (readonly Record<Figure, number>[])[],
  figures: readonly Figure[],
): { medians: Record<Figure, number>[]; ratios: Record<Figure, number>[] } {
  const medians = roundsPerTarget.map(
    (rounds) =>
      Object.fromEntries(figures.map((figure) => [figure, median(rounds.map((round) => round[figure]))])) as Record<Figure, number>,
  );
  const baseline = medians[0];
  const ratios = medians.map(
    (values) =>
      Object.fromEntries(figures.map((figure) => [figure, baseline ? ratio(values[figure], baseline[figure]) : Number.NaN])) as Record<
        Figure,
        number
      >,
  );
  return { medians, ratios };
}
