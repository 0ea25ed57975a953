import { executeActions } from './actions/execute';
import type { PlannedAction } from './actions/types';
import type { ClientFactory } from './aws/clients';
import { mapSettled } from './concurrency';
import { withDeadline } from './deadline';
import { InventoryReadError, SnapshotError } from './errors';
import { FindingFactory, supersedes } from './finding-factory';
import type { Finding, Severity, StatusCounts } from './findings';
import { countByStatus, GLOBAL_REGION, sortFindings, worstSeverity } from './findings';
import { callerIdentity } from './inventory/account';
import type { Inventory } from './inventory/types';
import type { RunRequest } from './request';
import type { FindingDraft, Rule } from './rule';

export interface EngineOptions {
  readonly inventory: Inventory;
  /** Needed to carry out actions; without it (offline snapshot scans) actions are only planned. */
  readonly clients?: ClientFactory;
  /**
   * Regions evaluated at once. Each region has its own API rate limits, so this bounds memory and
   * sockets rather than protecting AWS; the default covers every region in one round. @default 32
   */
  readonly concurrency?: number;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** Milliseconds left before the caller's deadline (Lambda's `getRemainingTimeInMillis`). */
  readonly remainingTimeMs?: () => number;
}

export interface ChangeCounts {
  readonly done: number;
  readonly failed: number;
  readonly skipped: number;
  /** Planned but not carried out (dry run, no `remediate`, or left for the next run). */
  readonly planned: number;
}

export interface RunResult {
  readonly ruleId: string;
  readonly title: string;
  readonly account: string;
  /** The regions evaluated (`global` for a global rule). */
  readonly regions: readonly string[];
  readonly findings: readonly Finding[];
  readonly counts: StatusCounts;
  readonly worstSeverity: Severity | undefined;
  /** True when some region or check could not be evaluated (there are ERROR findings). */
  readonly partial: boolean;
  readonly dryRun: boolean;
  readonly remediate: boolean;
  readonly changes: ChangeCounts;
  readonly startedAt: string;
  readonly finishedAt: string;
}

export const DEFAULT_CONCURRENCY = 32;
const UNKNOWN_ACCOUNT = 'unknown';
/** Time kept back from evaluation for actions, publishing and the summary. */
const EVALUATION_MARGIN_MS = 30_000;

/**
 * Runs one rule: resolves the account and regions, evaluates the rule per region with bounded
 * concurrency (a failed or hung region becomes an ERROR finding and the rest completes), then
 * carries out planned actions under the dry-run, max-changes and deadline guards.
 * A `SnapshotError` (the inventory cannot answer at all) is thrown; every AWS failure is a finding.
 */
export async function runRule<P>(
  rule: Rule<P>,
  request: RunRequest<P>,
  options: EngineOptions,
): Promise<RunResult> {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const make = new FindingFactory(rule, request, startedAt.toISOString());
  const result = (findings: Finding[], regions: readonly string[], account: string) =>
    summariseRun(rule, request, findings, regions, account, startedAt, now());

  let account: string;
  try {
    account = (await options.inventory.get(callerIdentity)).account;
  } catch (error) {
    if (error instanceof SnapshotError) throw error;
    return result([make.fromError(UNKNOWN_ACCOUNT, GLOBAL_REGION, error)], [], UNKNOWN_ACCOUNT);
  }

  let scope: RegionScope;
  try {
    scope = await resolveRegions(rule, request, options.inventory, account);
  } catch (error) {
    if (error instanceof SnapshotError) throw error;
    return result([make.fromError(account, GLOBAL_REGION, error)], [], account);
  }

  const budget = options.remainingTimeMs ? options.remainingTimeMs() - EVALUATION_MARGIN_MS : undefined;
  const settled = await mapSettled(scope.regions, options.concurrency ?? DEFAULT_CONCURRENCY, (region) =>
    withDeadline(
      rule.evaluate({
        inventory: options.inventory,
        account,
        region,
        params: request.params,
        now: startedAt,
      }),
      budget,
      region,
    ),
  );
  const run = new Collector(make, account);
  for (const { region, error } of scope.notEnabled) run.addError(region, error);
  for (const [i, outcome] of settled.entries()) {
    const region = scope.regions[i] as string;
    if (outcome.status === 'fulfilled') {
      for (const draft of outcome.value) run.add(region, draft);
    } else if (outcome.reason instanceof SnapshotError) {
      throw outcome.reason;
    } else {
      run.addError(region, outcome.reason);
    }
  }
  await run.carryOutActions(request, options);
  return result(run.findings, scope.regions, account);
}

interface RegionScope {
  readonly regions: string[];
  /** Requested regions the account has not enabled: reported, not scanned. */
  readonly notEnabled: { region: string; error: InventoryReadError }[];
}

async function resolveRegions<P>(
  rule: Rule<P>,
  request: RunRequest<P>,
  inventory: Inventory,
  account: string,
): Promise<RegionScope> {
  if (rule.meta.scope === 'global') return { regions: [GLOBAL_REGION], notEnabled: [] };
  const read = rule.regions;
  if (!read)
    throw new TypeError(`Expected regional rule ${rule.meta.id} to name its regions read, got none.`);
  const enabled = await inventory.get(read);
  if (request.regions === 'all') return { regions: enabled, notEnabled: [] };
  const notEnabled = request.regions
    .filter((r) => !enabled.includes(r))
    .map((region) => ({
      region,
      error: new InventoryReadError(
        read.name,
        region,
        'RegionNotEnabled',
        `Region ${region} is not enabled for account ${account} (an opt-in region that was not opted into), so it was not scanned.`,
      ),
    }));
  return { regions: request.regions.filter((r) => enabled.includes(r)), notEnabled };
}

/** Gathers one run's findings and planned actions, reporting account-wide findings once. */
class Collector<P> {
  readonly findings: Finding[] = [];
  private actions: { findingIndex: number; action: PlannedAction; region: string }[] = [];
  private readonly accountWide = new Map<string, number>();

  constructor(
    private readonly make: FindingFactory<P>,
    private readonly account: string,
  ) {}

  addError(region: string, error: unknown): void {
    this.findings.push(this.make.fromError(this.account, region, error));
  }

  add(region: string, draft: FindingDraft): void {
    const finding = this.make.fromDraft(this.account, region, draft);
    const earlier = draft.scope === 'account' ? this.accountWide.get(finding.id) : undefined;
    if (earlier !== undefined) {
      if (!supersedes(finding, this.findings[earlier] as Finding)) return;
      this.findings[earlier] = finding;
      this.actions = this.actions.filter((a) => a.findingIndex !== earlier);
      if (draft.action) this.actions.push({ findingIndex: earlier, action: draft.action, region });
      return;
    }
    if (draft.scope === 'account') this.accountWide.set(finding.id, this.findings.length);
    if (draft.action) this.actions.push({ findingIndex: this.findings.length, action: draft.action, region });
    this.findings.push(finding);
  }

  /** Carries out (or only plans) the actions and records each real outcome on its finding. */
  async carryOutActions(request: RunRequest<P>, options: EngineOptions): Promise<void> {
    if (this.actions.length === 0) return;
    const outcomes = await executeActions(this.actions, {
      execute: request.remediate && !request.dryRun && options.clients !== undefined,
      clients: options.clients,
      maxChanges: request.maxChanges,
      remainingTimeMs: options.remainingTimeMs,
      offline: options.clients === undefined,
    });
    for (const [j, { findingIndex }] of this.actions.entries()) {
      const finding = this.findings[findingIndex] as Finding;
      this.findings[findingIndex] = {
        ...finding,
        remediation: outcomes[j] as NonNullable<Finding['remediation']>,
      };
    }
  }
}

function summariseRun<P>(
  rule: Rule<P>,
  request: RunRequest<P>,
  unsorted: Finding[],
  regions: readonly string[],
  account: string,
  startedAt: Date,
  finishedAt: Date,
): RunResult {
  const findings = sortFindings(unsorted);
  const counts = countByStatus(findings);
  const changes = { done: 0, failed: 0, skipped: 0, planned: 0 };
  for (const f of findings) if (f.remediation) changes[f.remediation.status] += 1;
  return {
    ruleId: rule.meta.id,
    title: rule.meta.title,
    account,
    regions,
    findings,
    counts,
    worstSeverity: worstSeverity(findings),
    partial: counts.ERROR > 0,
    dryRun: request.dryRun,
    remediate: request.remediate,
    changes,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
  };
}
