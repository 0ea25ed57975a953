import type { Finding, Status, StatusCounts } from '../findings';
import { STATUSES } from '../findings';
import type { ScanJson } from '../output/json';
import type { RuleMetadata } from '../rule';
import type { DailyPosture, StateExport } from '../state/types';
import type { CellStatus, HeatCell, OpenFinding, PostureModel } from './model';
import { CELL_STATUSES, cellKey } from './model';
import { withAge, worstFirst } from './open-findings';
import { latestPosture, latestScanRuns, postureDays, scanRecord, vanished, zeroCounts } from './posture-days';
import { durationStats, hoursBetween } from './stats';
import { pushTo } from '../collections';

export interface PostureInput {
  /** The state store's contents (`--state FILE`, or the DynamoDB table). */
  readonly state?: StateExport;
  /** Scans' JSON; for a rule and account they cover, they replace the state's findings (fresher). */
  readonly scans?: readonly ScanJson[];
  /** Rule metadata for titles and remediation (the registry). */
  readonly rules: readonly RuleMetadata[];
  readonly sources: readonly string[];
  readonly now: Date;
  /** @default 2000 */
  readonly maxFindings?: number;
}

export const postureDefaults = { maxFindings: 2000, days: 90 } as const;

const OPEN = new Set<Status>(['FAIL', 'ERROR', 'SUPPRESSED']);

interface Partition {
  readonly ruleId: string;
  readonly account: string;
  open: OpenFinding[];
  counts: StatusCounts;
  partial: boolean;
}

/**
 * Builds the report's model: heatmap cells, counts, open findings with their age and remediation,
 * time-to-resolve and age percentiles per rule, and the last 90 days of posture. Pure.
 */
export function buildPosture(input: PostureInput): PostureModel {
  const now = input.now.toISOString();
  const nowMs = input.now.getTime();
  const meta = new Map(input.rules.map((r) => [r.id, r]));
  const remedy = (ruleId: string) => meta.get(ruleId)?.remediation;
  const partitions = new Map<string, Partition>();
  const resolvedHours = new Map<string, number[]>();
  // Ids are remembered only to join scans with the state (a scan's RESOLVED may be in the state too).
  const joining = (input.scans?.length ?? 0) > 0;
  const seenEpisodes = new Set<string>();
  const resolved = (ruleId: string, id: string, from: string, to: string) => {
    const hours = hoursBetween(from, to);
    if (hours === undefined) return;
    if (joining) {
      if (seenEpisodes.has(`${id}@${from}`)) return;
      seenEpisodes.add(`${id}@${from}`);
    }
    pushTo(resolvedHours, ruleId, hours);
  };
  const firstSeenById = new Map<string, string>();
  const records: DailyPosture[] = [...(input.state?.posture ?? [])];
  const latest = latestPosture(records);

  for (const run of input.state?.runs ?? []) {
    const p = partitionOf(partitions, run.ruleId, run.account);
    for (const s of run.states) {
      p.counts[OPEN.has(s.status) ? s.status : 'PASS'] += 1;
      if (!OPEN.has(s.status)) {
        resolved(run.ruleId, s.id, s.firstSeen, s.lastSeen);
        continue;
      }
      if (joining) firstSeenById.set(s.id, s.firstSeen);
      const r = remedy(run.ruleId);
      p.open.push({
        id: s.id,
        ruleId: run.ruleId,
        account: run.account,
        region: s.region,
        resourceId: s.resourceId,
        status: s.status as OpenFinding['status'],
        severity: s.severity,
        message: s.message,
        firstSeen: s.firstSeen,
        remediation: r?.text ?? '',
        ...(r?.url ? { remediationUrl: r.url } : {}),
      });
    }
  }
  // The last recorded run's counts (PASS included) and partial flag; a rule run that never failed
  // has posture records but no finding states.
  for (const day of latest.values()) {
    const p = partitionOf(partitions, day.ruleId, day.account);
    p.counts = { ...zeroCounts(), ...day.counts };
    p.partial = day.partial;
  }

  for (const scan of latestScanRuns(input.scans ?? [])) {
    const p = partitionOf(partitions, scan.run.ruleId, scan.run.account, true);
    p.partial = scan.run.partial;
    records.push(scanRecord(scan.run, scan.findings));
    for (const f of scan.findings) {
      if (!vanished(f)) p.counts[f.status] += 1;
      if (f.drift?.state === 'RESOLVED') resolved(f.ruleId, f.id, f.drift.firstSeen, f.observedAt);
      if (OPEN.has(f.status)) p.open.push(openFromScan(f, firstSeenById.get(f.id), remedy(f.ruleId)));
    }
  }

  const cells = new Map<string, HeatCell>();
  const accountCounts = new Map<string, StatusCounts>();
  const ruleCounts = new Map<string, StatusCounts>();
  const open: OpenFinding[] = [];
  for (const [key, p] of partitions) {
    const status = worstStatus(p.counts);
    if (status !== undefined)
      cells.set(key, { status, partial: p.partial || p.counts.ERROR > 0, counts: p.counts });
    addCounts(accountCounts, p.account, p.counts);
    addCounts(ruleCounts, p.ruleId, p.counts);
    for (const f of p.open) open.push(withAge(f, nowMs));
  }
  const registryOrder = input.rules.map((r) => r.id);
  const ruleIds = [...ruleCounts.keys()].sort(
    (a, b) => rank(registryOrder, a) - rank(registryOrder, b) || a.localeCompare(b),
  );
  const failing = (c: StatusCounts) => c.FAIL + c.ERROR;
  const accounts = [...accountCounts.entries()]
    .sort(([a, ca], [b, cb]) => failing(cb) - failing(ca) || a.localeCompare(b))
    .map(([a]) => a);
  const openAges = new Map<string, number[]>();
  for (const f of open) if (f.ageHours !== undefined) pushTo(openAges, f.ruleId, f.ageHours);
  const titles = new Map<string, string>();
  for (const scan of input.scans ?? []) for (const f of scan.findings) titles.set(f.ruleId, f.title);
  const ruleStats = ruleIds.map((id) => ({
    ruleId: id,
    title: meta.get(id)?.title ?? titles.get(id) ?? id,
    counts: ruleCounts.get(id) ?? zeroCounts(),
    resolved: durationStats(resolvedHours.get(id) ?? []),
    openAge: durationStats(openAges.get(id) ?? []),
  }));
  return {
    generatedAt: now,
    sources: input.sources,
    accounts,
    rules: ruleStats.map((r) => ({ id: r.ruleId, title: r.title })),
    cells,
    accountCounts,
    ruleStats,
    open: worstFirst(open, input.maxFindings ?? postureDefaults.maxFindings),
    openTotal: open.length,
    days: postureDays(records, input.now, postureDefaults.days, joining),
  };
}

function partitionOf(all: Map<string, Partition>, ruleId: string, account: string, fresh = false): Partition {
  const key = cellKey(ruleId, account);
  let p = all.get(key);
  if (!p || fresh) {
    p = { ruleId, account, open: [], counts: zeroCounts(), partial: false };
    all.set(key, p);
  }
  return p;
}

function addCounts(into: Map<string, StatusCounts>, key: string, counts: StatusCounts): void {
  const total = into.get(key) ?? zeroCounts();
  for (const s of STATUSES) total[s] += counts[s];
  into.set(key, total);
}

/** FAIL, then ERROR, SUPPRESSED, PASS, NOT_APPLICABLE: the first with a finding. */
export function worstStatus(counts: StatusCounts): CellStatus | undefined {
  return CELL_STATUSES.find((s) => counts[s] > 0);
}

function rank(order: readonly string[], id: string): number {
  const i = order.indexOf(id);
  return i === -1 ? order.length : i;
}

function openFromScan(
  f: Finding,
  stateFirstSeen: string | undefined,
  r?: { text: string; url: string },
): OpenFinding {
  const firstSeen = f.drift?.firstSeen ?? stateFirstSeen;
  return {
    id: f.id,
    ruleId: f.ruleId,
    account: f.account,
    region: f.region,
    resourceId: f.resource?.id ?? '',
    status: f.status as OpenFinding['status'],
    severity: f.severity,
    message: f.message,
    ...(firstSeen ? { firstSeen } : {}),
    remediation: f.remediation?.description ?? r?.text ?? '',
    ...(r?.url ? { remediationUrl: r.url } : {}),
  };
}
