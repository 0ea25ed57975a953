import type { Finding, Severity, StatusCounts } from './findings';
import { countByStatus, sortFindings, worstSeverity } from './findings';

export interface ChangeCounts {
  readonly done: number;
  readonly failed: number;
  /** Held back: max changes, the deadline, the action's own check, or a suppression. */
  readonly skipped: number;
  /** Planned but not carried out (dry run, no `remediate`, or left for the next run). */
  readonly planned: number;
}

/** One rule's run over one account: what the pipeline (lib/scan.ts) reports and publishes. */
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

/** The parts of a run that do not follow from its findings. */
export type RunHeader = Omit<RunResult, 'findings' | 'counts' | 'worstSeverity' | 'partial' | 'changes'>;

/** A run result from its header and findings: sorted, with counts, worst severity and changes derived. */
export function summariseRun(header: RunHeader, unsorted: readonly Finding[]): RunResult {
  const findings = sortFindings(unsorted);
  const counts = countByStatus(findings);
  const changes = { done: 0, failed: 0, skipped: 0, planned: 0 };
  for (const f of findings) if (f.remediation) changes[f.remediation.status] += 1;
  return {
    ...header,
    findings,
    counts,
    worstSeverity: worstSeverity(findings),
    partial: counts.ERROR > 0,
    changes,
  };
}
