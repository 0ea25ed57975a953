import { act } from './act';
import type { ClientFactory } from './aws/clients';
import { mapSettled } from './concurrency';
import { withDeadline } from './deadline';
import { InventoryReadError, SnapshotError } from './errors';
import { FindingFactory } from './finding-factory';
import { GLOBAL_REGION } from './findings';
import { callerIdentity } from './inventory/account';
import type { Inventory } from './inventory/types';
import { EvaluationCollector } from './evaluation';
import type { Evaluation } from './evaluation';
import type { RunRequest } from './request';
import type { Rule } from './rule';
import type { RunResult } from './run-result';

export type { ChangeCounts, RunResult } from './run-result';
export type { Evaluation, PendingAction } from './evaluation';

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

export const DEFAULT_CONCURRENCY = 32;
const UNKNOWN_ACCOUNT = 'unknown';
/** Time kept back from evaluation for actions, publishing and the summary. */
const EVALUATION_MARGIN_MS = 30_000;

/**
 * The evaluate phase of a run (lib/scan.ts orders the phases): resolves the account and regions,
 * evaluates the rule per region with bounded concurrency and its account-wide checks
 * (`rule.evaluateAccount`) once, alongside; a failed or hung region or account check becomes an
 * ERROR finding and the rest completes. Nothing is changed here: actions are only planned, and
 * carried out by `act` (lib/act.ts) after suppressions are applied.
 * A `SnapshotError` (the inventory cannot answer at all) is thrown; every AWS failure is a finding.
 */
export async function evaluateRule<P>(
  rule: Rule<P>,
  request: RunRequest<P>,
  options: EngineOptions,
): Promise<Evaluation> {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const make = new FindingFactory(rule, request, startedAt.toISOString());
  const header = (regions: readonly string[], account: string) => ({
    ruleId: rule.meta.id,
    title: rule.meta.title,
    account,
    regions,
    dryRun: request.dryRun,
    remediate: request.remediate,
    startedAt: startedAt.toISOString(),
    finishedAt: now().toISOString(),
  });

  let account: string;
  try {
    account = (await options.inventory.get(callerIdentity)).account;
  } catch (error) {
    if (error instanceof SnapshotError) throw error;
    const failed = new EvaluationCollector(make, UNKNOWN_ACCOUNT);
    failed.addError(GLOBAL_REGION, error);
    return failed.done(header([], UNKNOWN_ACCOUNT));
  }
  const run = new EvaluationCollector(make, account);

  let scope: RegionScope;
  try {
    scope = await resolveRegions(rule, request, options.inventory, account);
  } catch (error) {
    if (error instanceof SnapshotError) throw error;
    run.addError(GLOBAL_REGION, error);
    return run.done(header([], account));
  }

  const budget = options.remainingTimeMs ? options.remainingTimeMs() - EVALUATION_MARGIN_MS : undefined;
  const context = { inventory: options.inventory, account, params: request.params, now: startedAt };
  // Account-wide checks: once per run, alongside the regions (settled at once: no unhandled rejection).
  const accountWide = rule.evaluateAccount
    ? withDeadline(
        rule.evaluateAccount({ ...context, region: GLOBAL_REGION, regions: scope.regions }),
        budget,
        GLOBAL_REGION,
      ).then(
        (value) => ({ status: 'fulfilled', value }) as const,
        (reason: unknown) => ({ status: 'rejected', reason }) as const,
      )
    : undefined;
  // Each region's findings are made as soon as it is evaluated, so that work overlaps the regions
  // still waiting on AWS instead of all following the slowest; they are collected in order below.
  const settled = await mapSettled(scope.regions, options.concurrency ?? DEFAULT_CONCURRENCY, (region) =>
    withDeadline(rule.evaluate({ ...context, region }), budget, region).then((drafts) => ({
      drafts,
      findings: make.tryFromDrafts(account, region, drafts),
    })),
  );
  for (const { region, error } of scope.notEnabled) run.addError(region, error);
  for (const [i, outcome] of settled.entries()) {
    const region = scope.regions[i] as string;
    if (outcome.status === 'fulfilled') {
      const { drafts, findings } = outcome.value;
      let j = 0;
      for (const draft of drafts) run.add(region, draft, findings?.[j++]);
    } else if (outcome.reason instanceof SnapshotError) {
      throw outcome.reason;
    } else {
      run.addError(region, outcome.reason);
    }
  }
  const once = await accountWide;
  if (once?.status === 'fulfilled') {
    for (const draft of once.value) run.add(GLOBAL_REGION, { ...draft, scope: 'account' });
  } else if (once?.reason instanceof SnapshotError) {
    throw once.reason;
  } else if (once) {
    run.addError(GLOBAL_REGION, once.reason);
  }
  return run.done(header(scope.regions, account));
}

/**
 * Evaluates then acts, with no suppressions and no drift: a rule on its own, for tests and
 * benchmarks. The fleet and the CLI run `scanRule` (lib/scan.ts), which suppresses in between.
 */
export async function runRule<P>(
  rule: Rule<P>,
  request: RunRequest<P>,
  options: EngineOptions,
): Promise<RunResult> {
  return act(await evaluateRule(rule, request, options), request, options);
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
