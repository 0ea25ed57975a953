import type { ClientFactory } from './aws/clients';
import { mapSettled } from './concurrency';
import { awsErrorCode, errorMessage, InventoryReadError, SnapshotError } from './errors';
import type { Finding, Remediation } from './findings';
import { countByStatus, findingId, GLOBAL_REGION, sortFindings, STATUSES, worstSeverity } from './findings';
import type { StatusCounts, Severity } from './findings';
import { callerIdentity } from './inventory/account';
import type { Inventory } from './inventory/types';
import type { PlannedAction } from './actions/types';
import type { RunRequest } from './request';
import type { FindingDraft, Rule } from './rule';
import { executeActions } from './actions/execute';

export interface EngineOptions {
  readonly inventory: Inventory;
  /** Needed to carry out actions; without it (offline snapshot scans) actions are only planned. */
  readonly clients?: ClientFactory;
  /** Regions evaluated at once. @default 4 */
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

const UNKNOWN_ACCOUNT = 'unknown';

/** Time kept back from evaluation for actions, publishing and the summary. */
const EVALUATION_MARGIN_MS = 30_000;

/** An evaluation still running when the run must wrap up. */
export class DeadlineExceededError extends Error {
  constructor(region: string) {
    super(
      `Evaluation in ${region} did not finish before the function's deadline; it is retried on the next run.`,
    );
    this.name = 'DeadlineExceeded';
  }
}

/**
 * Settles `work`, or rejects with DeadlineExceeded once `budgetMs` has passed, so a hung region (a
 * socket that never answers, retries that never end) becomes an ERROR finding instead of a Lambda
 * timeout that would lose every other region's findings.
 */
function withDeadline<T>(work: Promise<T>, budgetMs: number | undefined, region: string): Promise<T> {
  if (budgetMs === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceededError(region)), Math.max(0, budgetMs));
    timer.unref();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Runs one rule: resolves the account and regions, evaluates the rule per region with bounded
 * concurrency (a failed region becomes an ERROR finding and the rest completes), then carries out
 * planned actions under the dry-run, max-changes and deadline guards.
 */
export async function runRule<P>(
  rule: Rule<P>,
  request: RunRequest<P>,
  options: EngineOptions,
): Promise<RunResult> {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const observedAt = startedAt.toISOString();
  const base = { ruleId: rule.meta.id, title: rule.meta.title, controls: rule.meta.controls, observedAt };
  const errorFinding = (account: string, region: string, error: unknown): Finding =>
    toErrorFinding(rule, base, account, region, error);

  let account: string;
  try {
    account = (await options.inventory.get(callerIdentity)).account;
  } catch (error) {
    if (error instanceof SnapshotError) throw error;
    return finish(
      rule,
      request,
      [errorFinding(UNKNOWN_ACCOUNT, GLOBAL_REGION, error)],
      [],
      UNKNOWN_ACCOUNT,
      startedAt,
      now,
    );
  }

  const findings: Finding[] = [];
  let regions: string[];
  if (rule.meta.scope === 'global') {
    regions = [GLOBAL_REGION];
  } else {
    if (!rule.regions)
      throw new TypeError(`Expected regional rule ${rule.meta.id} to name its regions read, got none.`);
    try {
      const enabled = await options.inventory.get(rule.regions);
      if (request.regions === 'all') {
        regions = enabled;
      } else {
        regions = request.regions.filter((r) => enabled.includes(r));
        for (const missing of request.regions.filter((r) => !enabled.includes(r))) {
          findings.push(
            errorFinding(
              account,
              missing,
              new InventoryReadError(
                rule.regions.name,
                missing,
                'RegionNotEnabled',
                `Region ${missing} is not enabled for account ${account} (an opt-in region that was not opted into), so it was not scanned.`,
              ),
            ),
          );
        }
      }
    } catch (error) {
      if (error instanceof SnapshotError) throw error;
      return finish(
        rule,
        request,
        [errorFinding(account, GLOBAL_REGION, error)],
        [],
        account,
        startedAt,
        now,
      );
    }
  }

  let actions: { findingIndex: number; action: PlannedAction; region: string }[] = [];
  const evaluationBudget = options.remainingTimeMs
    ? options.remainingTimeMs() - EVALUATION_MARGIN_MS
    : undefined;
  const settled = await mapSettled(regions, options.concurrency ?? 4, (region) =>
    withDeadline(
      rule.evaluate({
        inventory: options.inventory,
        account,
        region,
        params: request.params,
        now: startedAt,
      }),
      evaluationBudget,
      region,
    ),
  );
  const accountWide = new Map<string, number>();
  for (const [i, result] of settled.entries()) {
    const region = regions[i] as string;
    if (result.status === 'rejected') {
      if (result.reason instanceof SnapshotError) throw result.reason;
      findings.push(errorFinding(account, region, result.reason));
      continue;
    }
    for (const draft of result.value) {
      const finding = toFinding(
        rule,
        base,
        account,
        draft.scope === 'account' ? GLOBAL_REGION : region,
        draft,
        request,
      );
      const earlier = draft.scope === 'account' ? accountWide.get(finding.id) : undefined;
      if (earlier !== undefined) {
        // Reported once per account: keep the worst status, then the draft that carries an action
        // (it was planned in the region where it can run).
        if (!supersedes(finding, findings[earlier] as Finding)) continue;
        findings[earlier] = finding;
        actions = actions.filter((a) => a.findingIndex !== earlier);
        if (draft.action) actions.push({ findingIndex: earlier, action: draft.action, region });
        continue;
      }
      if (draft.scope === 'account') accountWide.set(finding.id, findings.length);
      if (draft.action) actions.push({ findingIndex: findings.length, action: draft.action, region });
      findings.push(finding);
    }
  }

  const execute = request.remediate && !request.dryRun && options.clients !== undefined;
  if (actions.length > 0) {
    const outcomes = await executeActions(actions, {
      execute,
      clients: options.clients,
      maxChanges: request.maxChanges,
      remainingTimeMs: options.remainingTimeMs,
      offline: options.clients === undefined,
    });
    for (const [j, item] of actions.entries()) {
      const finding = findings[item.findingIndex] as Finding;
      findings[item.findingIndex] = { ...finding, remediation: outcomes[j] as Remediation };
    }
  }
  return finish(rule, request, findings, regions, account, startedAt, now);
}

function finish<P>(
  rule: Rule<P>,
  request: RunRequest<P>,
  unsorted: Finding[],
  regions: readonly string[],
  account: string,
  startedAt: Date,
  now: () => Date,
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
    finishedAt: now().toISOString(),
  };
}

/** Whether an account-wide finding from another region should replace the one kept so far. */
function supersedes(candidate: Finding, kept: Finding): boolean {
  const rank = (f: Finding) => STATUSES.indexOf(f.status);
  if (rank(candidate) !== rank(kept)) return rank(candidate) < rank(kept);
  return candidate.remediation !== undefined && kept.remediation === undefined;
}

type Base = Pick<Finding, 'ruleId' | 'title' | 'controls' | 'observedAt'>;

function toFinding<P>(
  rule: Rule<P>,
  base: Base,
  account: string,
  region: string,
  draft: FindingDraft,
  request: RunRequest<P>,
): Finding {
  return {
    ...base,
    id: findingId({
      ruleId: rule.meta.id,
      account,
      region,
      resourceId: draft.resource.id,
      checkId: draft.checkId,
    }),
    ...(draft.checkId ? { checkId: draft.checkId } : {}),
    severity: draft.severity ?? rule.meta.severity,
    status: draft.status,
    account,
    region,
    resource: draft.resource,
    message: draft.message,
    details: draft.details ?? {},
    ...(draft.action
      ? {
          remediation: {
            action: draft.action.name,
            description: draft.action.description,
            status: 'planned',
            dryRun: request.dryRun || !request.remediate,
          },
        }
      : {}),
  };
}

/** A region or check that could not be evaluated: reported with the AWS error code, never silent. */
function toErrorFinding<P>(
  rule: Rule<P>,
  base: Base,
  account: string,
  region: string,
  error: unknown,
): Finding {
  const code = error instanceof InventoryReadError ? error.awsCode : awsErrorCode(error);
  const where = region === GLOBAL_REGION ? `account ${account}` : `${region} of account ${account}`;
  return {
    ...base,
    id: findingId({ ruleId: rule.meta.id, account, region, resourceId: account, checkId: 'scan-error' }),
    checkId: 'scan-error',
    severity: rule.meta.severity,
    status: 'ERROR',
    account,
    region,
    resource: {
      type: region === GLOBAL_REGION ? 'AwsAccount' : 'AwsRegion',
      id: region === GLOBAL_REGION ? account : region,
    },
    message: `Could not check "${rule.meta.title}" in ${where}: ${code}.`,
    details: {
      errorCode: code,
      error: errorMessage(error),
      ...(error instanceof InventoryReadError ? { read: error.read } : {}),
    },
  };
}
