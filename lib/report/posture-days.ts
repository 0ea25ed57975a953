import type { Finding, StatusCounts } from '../findings';
import { STATUSES } from '../findings';
import type { ScanJson } from '../output/json';
import type { DailyPosture } from '../state/types';
import { utcDay } from '../state/types';
import type { PostureDay } from './model';
import { cellKey } from './model';

const DAY_MS = 86_400_000;

/**
 * The last `count` UTC days ending with `now`'s, oldest first: per day, the counts of every rule
 * run's last record that day, summed; a day is partial when any of those runs was. A store holds
 * one record per rule run and day; only when scans are added (`joined`) can a day repeat, and then
 * the later record counts.
 */
export function postureDays(
  records: readonly DailyPosture[],
  now: Date,
  count: number,
  joined = true,
): PostureDay[] {
  let unique: Iterable<DailyPosture> = records;
  if (joined) {
    const lastOfDay = new Map<string, DailyPosture>();
    for (const r of records) {
      const key = `${r.day}|${cellKey(r.ruleId, r.account)}`;
      const seen = lastOfDay.get(key);
      if (!seen || seen.recordedAt < r.recordedAt) lastOfDay.set(key, r);
    }
    unique = lastOfDay.values();
  }
  const byDay = new Map<string, { counts: StatusCounts; partial: boolean; runs: number }>();
  for (const r of unique) {
    const day = byDay.get(r.day) ?? { counts: zeroCounts(), partial: false, runs: 0 };
    for (const s of STATUSES) day.counts[s] += r.counts[s] ?? 0;
    day.partial ||= r.partial;
    day.runs += 1;
    byDay.set(r.day, day);
  }
  const today = Date.parse(utcDay(now));
  const days: PostureDay[] = [];
  for (let i = count - 1; i >= 0; i -= 1) {
    const day = new Date(today - i * DAY_MS).toISOString().slice(0, 10);
    days.push({ day, ...(byDay.get(day) ?? { counts: zeroCounts(), partial: false, runs: 0 }) });
  }
  return days;
}

/** A RESOLVED finding standing in for a resource that is gone: not a finding of the run itself. */
export function vanished(f: Finding): boolean {
  return f.drift?.state === 'RESOLVED' && f.details?.noLongerPresent === true;
}

/** A count of zero for every status. */
export function zeroCounts(): StatusCounts {
  return Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;
}

type ScanRun = ScanJson['runs'][number];

/** Per rule and account, the latest scan run and its findings (several scans may cover one pair). */
export function latestScanRuns(scans: readonly ScanJson[]): { run: ScanRun; findings: Finding[] }[] {
  const latest = new Map<string, { run: ScanRun; findings: Finding[] }>();
  for (const scan of scans) {
    const byKey = new Map<string, Finding[]>();
    for (const f of scan.findings) {
      const key = cellKey(f.ruleId, f.account);
      const list = byKey.get(key) ?? [];
      list.push(f);
      byKey.set(key, list);
    }
    for (const run of scan.runs) {
      const key = cellKey(run.ruleId, run.account);
      const seen = latest.get(key);
      if (seen && seen.run.finishedAt >= run.finishedAt) continue;
      latest.set(key, { run, findings: byKey.get(key) ?? [] });
    }
  }
  return [...latest.values()];
}

export function scanRecord(run: ScanRun, findings: readonly Finding[]): DailyPosture {
  const counts = zeroCounts();
  for (const f of findings) if (!vanished(f)) counts[f.status] += 1;
  return {
    ruleId: run.ruleId,
    account: run.account,
    day: utcDay(run.finishedAt),
    counts,
    partial: run.partial,
    recordedAt: run.finishedAt,
  };
}

/** The latest posture record of each rule run. */
export function latestPosture(records: readonly DailyPosture[]): Map<string, DailyPosture> {
  const latest = new Map<string, DailyPosture>();
  for (const r of records) {
    const key = cellKey(r.ruleId, r.account);
    const seen = latest.get(key);
    if (!seen || seen.day < r.day || (seen.day === r.day && seen.recordedAt < r.recordedAt))
      latest.set(key, r);
  }
  return latest;
}
