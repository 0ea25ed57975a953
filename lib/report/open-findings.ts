import { SEVERITIES, severityRank } from '../findings';
import type { OpenFinding } from './model';

/**
 * The `k` worst open findings: worst severity, then oldest, then by id. Only the severities that
 * can make the cut are sorted (a fleet has hundreds of thousands of open findings; the page lists k).
 */
export function worstFirst(open: readonly OpenFinding[], k: number): OpenFinding[] {
  const perRank = new Array<number>(SEVERITIES.length).fill(0);
  for (const f of open) {
    const r = severityRank(f.severity);
    perRank[r] = (perRank[r] ?? 0) + 1;
  }
  let cut = 0;
  for (let total = 0; cut < SEVERITIES.length - 1 && (total += perRank[cut] ?? 0) < k;) cut += 1;
  return open
    .filter((f) => severityRank(f.severity) <= cut)
    .sort(
      (a, b) =>
        severityRank(a.severity) - severityRank(b.severity) ||
        (b.ageHours ?? -1) - (a.ageHours ?? -1) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    .slice(0, k);
}

/** Sets the finding's age from its first-seen time (in place: the report owns these objects). */
export function withAge(f: OpenFinding, nowMs: number): OpenFinding {
  const since = f.firstSeen ? Date.parse(f.firstSeen) : NaN;
  if (Number.isNaN(since) || since > nowMs) return f;
  (f as { ageHours?: number }).ageHours = (nowMs - since) / 3_600_000;
  return f;
}
