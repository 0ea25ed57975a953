import type { Finding } from '../findings';
import type { RunResult } from '../engine';

/** SNS subjects: ASCII, one line, at most 100 characters. */
export const SUBJECT_MAX = 100;

/** One-line headline: `[driftwatch] root-account-mfa: 1 FAIL (critical) in 123456789012`. */
export function subject(run: RunResult, part?: { index: number; total: number }): string {
  const parts: string[] = [];
  if (run.counts.FAIL > 0) parts.push(`${run.counts.FAIL} FAIL`);
  if (run.counts.ERROR > 0) parts.push(`${run.counts.ERROR} ERROR`);
  if (parts.length === 0) parts.push('all passing');
  const severity = run.worstSeverity ? ` (${run.worstSeverity})` : '';
  const suffix = part && part.total > 1 ? ` [${part.index}/${part.total}]` : '';
  const text = `[driftwatch] ${run.ruleId}: ${parts.join(', ')}${severity} in ${run.account}${suffix}`;
  const ascii = text.replace(/[^\x20-\x7e]/g, '?');
  return ascii.length <= SUBJECT_MAX ? ascii : `${ascii.slice(0, SUBJECT_MAX - 3)}...`;
}

/** The email's opening: what ran, where, and the outcome in one glance. */
export function emailHeader(run: RunResult, part?: { index: number; total: number }): string {
  const c = run.counts;
  const lines = [
    `${run.title}`,
    `Rule ${run.ruleId} on account ${run.account}, ${run.regions.length === 1 ? `region ${run.regions[0]}` : `${run.regions.length} regions`}, at ${run.startedAt}.`,
    `Result: ${c.FAIL} failing, ${c.ERROR} could not be checked, ${c.PASS} passing, ${c.NOT_APPLICABLE} not applicable.`,
  ];
  if (run.partial)
    lines.push('This run was PARTIAL: some regions or checks could not be evaluated (see ERROR below).');
  const ch = run.changes;
  if (ch.done + ch.failed + ch.skipped + ch.planned > 0) {
    const mode = run.dryRun ? ' (dry run)' : run.remediate ? '' : ' (remediation not requested)';
    lines.push(
      `Changes${mode}: ${ch.done} done, ${ch.failed} failed, ${ch.skipped} skipped, ${ch.planned} planned only.`,
    );
  }
  if (part && part.total > 1) lines.push(`This is part ${part.index} of ${part.total}.`);
  return lines.join('\n');
}

/** A finding as a few lines a person reads without the docs. */
export function emailFinding(f: Finding): string {
  const lines = [`${f.status}  ${f.severity.toUpperCase()}  ${f.region}  ${f.resource.id}`, `  ${f.message}`];
  if (f.remediation) {
    const r = f.remediation;
    const verb =
      r.status === 'planned'
        ? 'Would'
        : r.status === 'done'
          ? 'Done'
          : r.status === 'failed'
            ? 'FAILED'
            : 'Skipped';
    lines.push(
      `  ${verb}: ${r.description}${r.reason ? ` (${r.reason})` : ''}${r.error ? ` - ${r.error}` : ''}`,
    );
  }
  return lines.join('\n');
}

export function emailFooter(run: RunResult, remediationText: string | undefined): string {
  const lines = ['--'];
  if (remediationText) lines.push(`How to fix: ${remediationText}`);
  lines.push(
    `Passing and not-applicable findings are in the JSON body only. Finding ids are stable across runs.`,
    `Sent by driftwatch (rule ${run.ruleId}).`,
  );
  return lines.join('\n');
}

/** Findings worth a person's attention in an email: everything but PASS / NOT_APPLICABLE / SUPPRESSED. */
export function emailWorthy(f: Finding): boolean {
  return (
    f.status === 'FAIL' ||
    f.status === 'ERROR' ||
    (f.remediation !== undefined && f.remediation.status !== 'planned')
  );
}
