import { driftCounts } from '../alerting';
import type { Finding, Remediation } from '../findings';
import { expiredNote } from '../suppressions';
import type { RunResult } from '../engine';
import { textSafe } from '../output/text-safe';

/** SNS subjects: ASCII, one line, at most 100 characters. */
export const SUBJECT_MAX = 100;

/** One-line headline: `[driftwatch] root-account-mfa: 1 FAIL (critical) in 123456789012`. */
export function subject(run: RunResult, part?: { index: number; total: number }): string {
  const parts = changedParts(run);
  if (parts.length === 0) {
    if (run.counts.FAIL > 0) parts.push(`${run.counts.FAIL} FAIL`);
    if (run.counts.ERROR > 0) parts.push(`${run.counts.ERROR} ERROR`);
  }
  // A failed change always alerts, even on a passing finding (a routine backup that failed).
  const failed = run.changes.failed;
  if (failed > 0) parts.push(`${failed} change${failed === 1 ? '' : 's'} failed`);
  if (parts.length === 0) parts.push('all passing');
  const severity = run.worstSeverity ? ` (${run.worstSeverity})` : '';
  const suffix = part && part.total > 1 ? ` [${part.index}/${part.total}]` : '';
  const text = `[driftwatch] ${run.ruleId}: ${parts.join(', ')}${severity} in ${run.account}${suffix}`;
  const ascii = textSafe(text).replace(/[^\x20-\x7e]/g, '?');
  return ascii.length <= SUBJECT_MAX ? ascii : `${ascii.slice(0, SUBJECT_MAX - 3)}...`;
}

/** What this run alerts about: `1 NEW`, `2 RESOLVED`, `1 reminder` (only findings it claimed). */
function changedParts(run: RunResult): string[] {
  const alerted = run.findings.filter((f) => f.drift?.notify);
  const count = (test: (f: Finding) => boolean) => alerted.filter(test).length;
  const parts: string[] = [];
  const added = count((f) => f.drift?.state === 'NEW');
  const resolved = count((f) => f.drift?.state === 'RESOLVED');
  const reminders = count((f) => f.drift?.reminder === true);
  if (added > 0) parts.push(`${added} NEW`);
  if (resolved > 0) parts.push(`${resolved} RESOLVED`);
  if (reminders > 0) parts.push(`${reminders} reminder${reminders === 1 ? '' : 's'}`);
  return parts;
}

/** The email's opening: what changed (with drift tracked), then what ran, where, and the outcome. */
export function emailHeader(run: RunResult, part?: { index: number; total: number }): string {
  const c = run.counts;
  const changed = changedParts(run);
  const lines = [
    `${run.title}`,
    ...(changed.length > 0 ? [`What changed since the last run: ${changed.join(', ')}.`] : []),
    `Rule ${run.ruleId} on account ${run.account}, ${run.regions.length === 1 ? `region ${run.regions[0]}` : `${run.regions.length} regions`}, at ${run.startedAt}.`,
    `Result: ${c.FAIL} failing, ${c.ERROR} could not be checked, ${c.PASS} passing, ${c.NOT_APPLICABLE} not applicable.`,
  ];
  if (run.partial)
    lines.push('This run was PARTIAL: some regions or checks could not be evaluated (see ERROR below).');
  const ch = run.changes;
  if (ch.done + ch.failed + ch.skipped + ch.planned > 0) {
    const mode = run.dryRun ? ' (dry run)' : run.remediate ? '' : ' (remediation not requested)';
    lines.push(
      `Changes${mode}: ${ch.done} done${routineNote(run.findings)}, ${ch.failed} failed, ${ch.skipped} skipped, ${ch.planned} planned only.`,
    );
  }
  if (part && part.total > 1) lines.push(`This is part ${part.index} of ${part.total}.`);
  return lines.map(textSafe).join('\n');
}

/** ` (12 of them routine: 10 ec2:CreateSnapshot, 2 ec2:DeleteSnapshot)`, or nothing when none was routine. */
function routineNote(findings: readonly Finding[]): string {
  const byAction = new Map<string, number>();
  for (const f of findings) {
    const r = f.remediation;
    if (r?.routine && r.status === 'done') byAction.set(r.action, (byAction.get(r.action) ?? 0) + 1);
  }
  if (byAction.size === 0) return '';
  const total = [...byAction.values()].reduce((a, b) => a + b, 0);
  const each = [...byAction].map(([action, n]) => `${n} ${action}`).join(', ');
  return ` (${total} of them routine: ${each})`;
}

/**
 * A finding as a few lines a person reads without the docs. Each line has its control characters
 * escaped (textSafe): a tag value in the message cannot add lines or a forged finding.
 */
export function emailFinding(f: Finding): string {
  const label = f.drift ? `${f.drift.reminder ? 'REMINDER' : f.drift.state}  ` : '';
  const lines = [
    `${label}${f.status}  ${f.severity.toUpperCase()}  ${f.region}  ${f.resource.id}`,
    `  ${f.message}`,
  ];
  if (f.drift?.reminder)
    lines.push(`  Failing since ${f.drift.firstSeen}; last alerted ${f.drift.lastNotified ?? 'never'}.`);
  const note = f.drift?.note ?? (f.suppression?.expired ? expiredNote(f.suppression) : undefined);
  if (note) lines.push(`  ${note}`);
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
  return lines.map(textSafe).join('\n');
}

export function emailFooter(run: RunResult, remediationText: string | undefined): string {
  const lines = ['--'];
  if (remediationText) lines.push(`How to fix: ${remediationText}`);
  lines.push(
    `Passing and not-applicable findings are in the JSON body only. Finding ids are stable across runs.`,
    `Sent by driftwatch (rule ${run.ruleId}).`,
  );
  return lines.map(textSafe).join('\n');
}

/**
 * Whether a change alone warrants an alert: any failed action, and a non-routine one carried out.
 * A routine action (a due snapshot taken, an expired one pruned) is the rule's normal work, not news.
 */
export function changeWorthy(r: Remediation | undefined): boolean {
  return r?.status === 'failed' || (r?.status === 'done' && !r.routine);
}

/**
 * Findings worth a person's attention in an email: with drift tracked, what this run alerts about
 * (NEW, RESOLVED, reminders); without, every FAIL and ERROR. Failed changes always, non-routine
 * changes made or skipped too; a routine change done or skipped only goes with its finding.
 */
export function emailWorthy(f: Finding): boolean {
  // An accepted risk: its action is skipped every run (lib/act.ts), which is no news.
  if (f.status === 'SUPPRESSED') return false;
  const r = f.remediation;
  if (r && r.status !== 'planned' && (r.status === 'failed' || !r.routine)) return true;
  if (f.drift) return f.drift.notify;
  return f.status === 'FAIL' || f.status === 'ERROR';
}

/** The findings of one message part, what changed first; the rest as counts (they are in the JSON). */
export function emailBody(findings: readonly Finding[]): string {
  const worthy = findings.filter(emailWorthy);
  const rank = (f: Finding) =>
    f.drift?.state === 'NEW' ? 0 : f.drift?.state === 'RESOLVED' ? 1 : f.drift?.reminder ? 2 : 3;
  const ordered = [...worthy].sort((a, b) => rank(a) - rank(b));
  const blocks = ordered.map(emailFinding);
  const tracked = findings.some((f) => f.drift !== undefined);
  if (blocks.length === 0)
    blocks.push(tracked ? 'Nothing new in this part.' : 'Nothing failing in this part.');
  const d = driftCounts(findings);
  const quiet =
    d.stillFailing - findings.filter((f) => f.drift?.state === 'STILL_FAILING' && emailWorthy(f)).length;
  const rest: string[] = [];
  if (quiet > 0) rest.push(`${quiet} still failing, already reported`);
  if (d.suppressed > 0) rest.push(`${d.suppressed} suppressed`);
  if (rest.length > 0) blocks.push(`Also: ${rest.join('; ')} (listed in the JSON body).`);
  return blocks.join('\n\n');
}
