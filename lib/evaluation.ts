import type { PlannedAction } from './actions/types';
import type { FindingFactory } from './finding-factory';
import { supersedes } from './finding-factory';
import type { Finding } from './findings';
import type { FindingDraft } from './rule';
import type { RunHeader } from './run-result';

/** An action a finding plans, not yet carried out: `act` (lib/act.ts) decides whether it runs. */
export interface PendingAction {
  /** Index into `Evaluation.findings`. */
  readonly findingIndex: number;
  readonly action: PlannedAction;
  /** Where the action runs: its own `region`, else where the finding was evaluated. */
  readonly region: string;
}

/**
 * What the evaluate phase returns: the findings in evaluation order, each planned action still
 * pending (its finding's remediation says `planned`). It is not a `RunResult`: only `act` makes one,
 * so nothing can be published that skipped the act phase.
 */
export interface Evaluation {
  readonly header: RunHeader;
  readonly findings: readonly Finding[];
  readonly actions: readonly PendingAction[];
}

/** The evaluation with other findings in the same positions (e.g. suppressed); its actions stay attached. */
export function withEvaluatedFindings(evaluation: Evaluation, findings: readonly Finding[]): Evaluation {
  if (findings.length !== evaluation.findings.length)
    throw new TypeError(
      `Expected ${evaluation.findings.length} findings in evaluation order, got ${findings.length}.`,
    );
  return { ...evaluation, findings };
}

/** Gathers one evaluation's findings and planned actions, reporting account-wide findings once. */
export class EvaluationCollector<P> {
  private readonly findings: Finding[] = [];
  private actions: PendingAction[] = [];
  private readonly accountWide = new Map<string, number>();

  constructor(
    private readonly make: FindingFactory<P>,
    private readonly account: string,
  ) {}

  addError(region: string, error: unknown): void {
    this.findings.push(this.make.fromError(this.account, region, error));
  }

  /**
   * Adds a draft evaluated in `region`. An account-wide draft (`scope: 'account'`) already seen
   * from another region replaces the kept one only when it `supersedes` it (worse status, or the
   * one carrying the action), so the account's finding and its action are reported once. `made`:
   * the draft's finding when already made (`FindingFactory.tryFromDrafts`).
   */
  add(region: string, draft: FindingDraft, made?: Finding): void {
    const finding = made ?? this.make.fromDraft(this.account, region, draft);
    const earlier = draft.scope === 'account' ? this.accountWide.get(finding.id) : undefined;
    if (earlier !== undefined) {
      if (!supersedes(finding, this.findings[earlier] as Finding)) return;
      this.findings[earlier] = finding;
      this.actions = this.actions.filter((a) => a.findingIndex !== earlier);
      if (draft.action)
        this.actions.push({
          findingIndex: earlier,
          action: draft.action,
          region: draft.action.region ?? region,
        });
      return;
    }
    if (draft.scope === 'account') this.accountWide.set(finding.id, this.findings.length);
    if (draft.action)
      this.actions.push({
        findingIndex: this.findings.length,
        action: draft.action,
        region: draft.action.region ?? region,
      });
    this.findings.push(finding);
  }

  done(header: RunHeader): Evaluation {
    return { header, findings: [...this.findings], actions: [...this.actions] };
  }
}
