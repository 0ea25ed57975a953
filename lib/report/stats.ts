/** Small statistics for the report: nearest-rank percentiles and means over durations in hours. */

const HOUR_MS = 3_600_000;

/** Hours from `from` to `to` (ISO timestamps); undefined when either is missing or unparseable. */
export function hoursBetween(from: string, to: string): number | undefined {
  const a = Date.parse(from);
  const b = Date.parse(to);
  if (Number.isNaN(a) || Number.isNaN(b) || b < a) return undefined;
  return (b - a) / HOUR_MS;
}

/** Nearest-rank percentile (p in 0..100) of `sorted` (ascending); undefined when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export function mean(values: ArrayLike<number>): number | undefined {
  if (values.length === 0) return undefined;
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) sum += values[i] ?? 0;
  return sum / values.length;
}

/** Count, mean, p50 and p90 of durations (hours). */
export interface DurationStats {
  readonly count: number;
  readonly mean?: number;
  readonly p50?: number;
  readonly p90?: number;
}

export function durationStats(values: readonly number[]): DurationStats {
  // A typed array sorts numerically, and far faster than a comparator over boxed numbers.
  const sorted = Float64Array.from(values).sort();
  const m = mean(sorted);
  const p50 = percentile(sorted, 50);
  const p90 = percentile(sorted, 90);
  return {
    count: sorted.length,
    ...(m !== undefined ? { mean: m } : {}),
    ...(p50 !== undefined ? { p50 } : {}),
    ...(p90 !== undefined ? { p90 } : {}),
  };
}

/** `36 min`, `5.5 h`, `3.2 d`: a duration in hours, as a person reads it. */
export function formatHours(hours: number | undefined): string {
  if (hours === undefined) return '—';
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 48) return `${(Math.round(hours * 10) / 10).toString()} h`;
  return `${(Math.round((hours / 24) * 10) / 10).toString()} d`;
}
