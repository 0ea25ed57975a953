import { actionOutcome } from './actions/execute';
import { awsErrorCode, errorMessage, InventoryReadError } from './errors';
import type { Finding } from './findings';
import { findingId, GLOBAL_REGION, STATUSES } from './findings';
import type { RunRequest } from './request';
import type { FindingDraft, Rule } from './rule';
import type { Mutable } from './mutable';

/**
 * Completes what a rule returns into findings: the rule's identity, controls and severity, the
 * deterministic id, and the planned remediation as the request allows it.
 */
export class FindingFactory<P> {
  private readonly base: Pick<Finding, 'ruleId' | 'title' | 'controls' | 'observedAt'>;

  constructor(
    private readonly rule: Rule<P>,
    private readonly request: RunRequest<P>,
    observedAt: string,
  ) {
    this.base = { ruleId: rule.meta.id, title: rule.meta.title, controls: rule.meta.controls, observedAt };
  }

  /**
   * A draft evaluated in `region`; an account-wide draft (`scope: 'account'`) is filed under `global`.
   * Built as a literal in the key order the spreads it replaced gave (the base's keys first, an own
   * `controls` in the base's place; the optional keys where they were): a run makes one per resource,
   * and the spreads cost several times as much (63k findings: ~7 µs each, most of a scan's CPU).
   */
  fromDraft(account: string, region: string, draft: FindingDraft): Finding {
    const where = draft.scope === 'account' ? GLOBAL_REGION : region;
    const { ruleId, title, observedAt } = this.base;
    const controls = draft.controls ?? this.base.controls;
    const { checkId, status, resource, message } = draft;
    const id = findingId({ ruleId, account, region: where, resourceId: resource.id, checkId });
    const severity = draft.severity ?? this.rule.meta.severity;
    const details = draft.details ?? {};
    const finding: Mutable<Finding> = checkId
      ? {
          ruleId,
          title,
          controls,
          observedAt,
          id,
          checkId,
          severity,
          status,
          account,
          region: where,
          resource,
          message,
          details,
        }
      : {
          ruleId,
          title,
          controls,
          observedAt,
          id,
          severity,
          status,
          account,
          region: where,
          resource,
          message,
          details,
        };
    if (draft.remediationText) finding.remediationText = draft.remediationText;
    if (draft.action)
      finding.remediation = actionOutcome(
        draft.action,
        'planned',
        this.request.dryRun || !this.request.remediate,
      );
    return finding;
  }

  /**
   * Every draft of a region made into findings ahead of collecting them, or undefined when one
   * cannot be (a malformed draft): the collector then makes each itself, failing where it always did.
   */
  tryFromDrafts(account: string, region: string, drafts: readonly FindingDraft[]): Finding[] | undefined {
    try {
      return drafts.map((d) => this.fromDraft(account, region, d));
    } catch {
      return undefined;
    }
  }

  /** A region or check that could not be evaluated: reported with the AWS error code, never silent. */
  fromError(account: string, region: string, error: unknown): Finding {
    const code = error instanceof InventoryReadError ? error.awsCode : awsErrorCode(error);
    const global = region === GLOBAL_REGION;
    return {
      ...this.base,
      id: findingId({
        ruleId: this.rule.meta.id,
        account,
        region,
        resourceId: account,
        checkId: 'scan-error',
      }),
      checkId: 'scan-error',
      severity: this.rule.meta.severity,
      status: 'ERROR',
      account,
      region,
      resource: { type: global ? 'AwsAccount' : 'AwsRegion', id: global ? account : region },
      message: `Could not check "${this.rule.meta.title}" in ${global ? `account ${account}` : `${region} of account ${account}`}: ${code}.`,
      details: {
        errorCode: code,
        error: errorMessage(error),
        ...(error instanceof InventoryReadError ? { read: error.read } : {}),
      },
    };
  }
}

/**
 * Whether an account-wide finding seen from another region should replace the one kept so far: the
 * worst status wins, then the one carrying an action (it was planned where it can run).
 */
export function supersedes(candidate: Finding, kept: Finding): boolean {
  const rank = (f: Finding) => STATUSES.indexOf(f.status);
  if (rank(candidate) !== rank(kept)) return rank(candidate) < rank(kept);
  return candidate.remediation !== undefined && kept.remediation === undefined;
}
