import type { DriftCounts, Tracking } from './alerting';
import type { FunctionConfig } from './config';
import { driftCounts } from './alerting';
import type { RunResult } from './engine';
import type { Finding } from './findings';
import { boundedFindings, RESPONSE_FINDINGS_BUDGET } from './publish/body';
import { emailWorthy } from './publish/format';
import type { NotifyPolicy } from './publish/sns';

/**
 * The configuration a run used, in its response, so an override (the shell's variables under
 * `sls invoke local`, a stage parameter) is never silent.
 */
export interface RunSettings {
  /** Where the values came from. */
  readonly source: string;
  /** `DRIFTWATCH_REGIONS` as read (`all` when unset); a payload's `regions` overrides it. */
  readonly regions: string;
  readonly notify: NotifyPolicy;
  readonly topicArn: string | null;
  readonly stateTable: string | null;
  readonly reminderHours: number;
}

/**
 * The settings a function runs with. Under `sls invoke local` (IS_LOCAL, set by osls) the shell's
 * documented variables win over the stage parameters (deploy/environment.ts), and `source` says so.
 */
export function runSettings(
  config: FunctionConfig,
  env: Readonly<Record<string, string | undefined>>,
): RunSettings {
  return {
    source:
      env.IS_LOCAL === 'true'
        ? 'sls invoke local: DRIFTWATCH_* variables set in your shell win over the stage parameters'
        : 'the function environment (stage parameters)',
    regions: env.DRIFTWATCH_REGIONS || 'all',
    notify: config.notify,
    topicArn: config.topicArn ?? null,
    stateTable: config.stateTable ?? null,
    reminderHours: config.reminderHours,
  };
}

/** What a function returns, so `sls invoke` prints something a person can read, findings included. */
export interface RunSummary {
  readonly rule: string;
  readonly account: string;
  readonly regions: readonly string[];
  /** e.g. `1 FAIL (critical), 0 ERROR, 3 PASS, 0 NOT_APPLICABLE`. */
  readonly result: string;
  readonly partial: boolean;
  readonly dryRun: boolean;
  readonly remediate: boolean;
  readonly changes: RunResult['changes'];
  /** One line per failing, errored or changed finding. */
  readonly attention: readonly string[];
  readonly published: readonly string[];
  readonly apiCalls: Readonly<Record<string, number>>;
  /**
   * Drift: what changed since the last run, or why it was not tracked (`off`: no state table;
   * `unavailable`: the table could not be used). `alerted` counts the findings the sent alert lists.
   */
  readonly drift?: DriftCounts & {
    readonly tracking: Tracking['kind'];
    readonly error?: string;
    readonly reason?: string;
  };
  readonly settings?: RunSettings;
  /** The `runId` of the SNS messages this run published (the same in their JSON body). */
  readonly runId?: string;
  /**
   * The findings, exactly as the SNS `default` body carries them: all of them when they fit in
   * 1 MB of JSON, else the failing ones first (lib/publish/body.ts `boundedFindings`).
   */
  readonly findings: readonly Finding[];
  /** Findings left out of `findings` to stay under the response budget (all are in the SNS body). */
  readonly truncated: number;
  readonly truncatedNote?: string;
  /** The Security Hub export (securityHubExport): imported, refused or not imported, why it stopped. */
  readonly securityHub?: { readonly imported: number; readonly failed: number; readonly error?: string };
}

export interface SummaryExtras {
  readonly runId?: string;
  readonly settings?: RunSettings;
  /** Why drift was not tracked, as the alert says it (see `driftOffReason`). */
  readonly driftOff?: string;
  /** @default RESPONSE_FINDINGS_BUDGET */
  readonly findingsBudget?: number;
  readonly securityHub?: { readonly imported: number; readonly failed: number; readonly error?: string };
}

/** Why this run has no drift, in the words the alert and the summary use, or undefined when tracked. */
export function driftOffReason(tracking: Tracking, stateTable: string | undefined): string | undefined {
  if (tracking.kind === 'on') return undefined;
  if (tracking.kind === 'off')
    return stateTable ? undefined : 'no state table: DRIFTWATCH_STATE_TABLE is not set';
  if (tracking.error.startsWith('ResourceNotFoundException'))
    return `no state table: ${stateTable ?? 'the table'} does not exist`;
  return `the state table ${stateTable ?? ''} could not be used: ${tracking.error}`.replace('  ', ' ');
}

export function summarise(
  run: RunResult,
  published: readonly string[],
  apiCalls: Record<string, number>,
  tracking?: Tracking,
  extras: SummaryExtras = {},
): RunSummary {
  const c = run.counts;
  const worst = run.worstSeverity ? ` (${run.worstSeverity})` : '';
  const worthy = run.findings.filter(emailWorthy);
  const bounded = boundedFindings(run.findings, extras.findingsBudget ?? RESPONSE_FINDINGS_BUDGET);
  const counts = driftCounts(run.findings);
  const driftOff = extras.driftOff;
  return {
    rule: run.ruleId,
    account: run.account,
    regions: run.regions,
    result: `${c.FAIL} FAIL${worst}, ${c.ERROR} ERROR, ${c.PASS} PASS, ${c.NOT_APPLICABLE} NOT_APPLICABLE`,
    partial: run.partial,
    dryRun: run.dryRun,
    remediate: run.remediate,
    changes: run.changes,
    attention: worthy.map(
      (f) =>
        `${f.drift ? `${f.drift.reminder ? 'REMINDER' : f.drift.state} ` : ''}${f.status} ${f.severity} ${f.region}: ${f.message}${f.remediation ? ` [${f.remediation.status}: ${f.remediation.description}]` : ''}`,
    ),
    published,
    apiCalls,
    ...(tracking && (tracking.kind !== 'off' || driftOff)
      ? {
          drift: {
            tracking: tracking.kind,
            ...(tracking.kind === 'unavailable' ? { error: tracking.error } : {}),
            ...(driftOff ? { reason: driftOff } : {}),
            ...counts,
            // What the sent alert lists (with drift off: every failing finding), not only claims won.
            alerted: published.length > 0 ? worthy.length : 0,
          },
        }
      : {}),
    ...(extras.settings ? { settings: extras.settings } : {}),
    ...(extras.securityHub
      ? {
          securityHub: {
            imported: extras.securityHub.imported,
            failed: extras.securityHub.failed,
            ...(extras.securityHub.error ? { error: extras.securityHub.error } : {}),
          },
        }
      : {}),
    ...(extras.runId && published.length > 0 ? { runId: extras.runId } : {}),
    findings: bounded.findings,
    truncated: bounded.truncated,
    ...(bounded.truncated > 0
      ? {
          truncatedNote: `${bounded.truncated} of ${run.findings.length} findings left out to keep this response under ${sizeText(extras.findingsBudget ?? RESPONSE_FINDINGS_BUDGET)} (passing ones first); every finding is in the SNS JSON body, every non-passing one in the logs.`,
        }
      : {}),
  };
}

/** `1 MB`, `4 KB`: a byte budget as people say it. */
function sizeText(bytes: number): string {
  return bytes >= 1e6 ? `${+(bytes / 1e6).toFixed(1)} MB` : `${+(bytes / 1e3).toFixed(1)} KB`;
}
