import { driftCounts } from '../alerting';
import type { Finding, Remediation } from '../findings';
import type { RunResult } from '../engine';
import { textSafe } from '../output/text-safe';
import { emailCause } from './blocks';
import { groupByCause } from './causes';
import { headline } from './headline';

export { emailFinding } from './blocks';

/** SNS subjects: ASCII, one line, at most 100 characters. */
export const SUBJECT_MAX = 100;

/** What this run alerts about, counted: `1 NEW`, `1 FAIL, 1 ERROR`, `1 change failed`, `all passing`. */
function countsText(run: RunResult): string {
  const parts = changedParts(run);
  if (parts.length === 0) {
    if (run.counts.FAIL > 0) parts.push(`${run.counts.FAIL} FAIL`);
    if (run.counts.ERROR > 0) parts.push(`${run.counts.ERROR} ERROR`);
  }
  // A failed change always alerts, even on a passing finding (a routine backup that failed).
  const failed = run.changes.failed;
  if (failed > 0) parts.push(`${failed} change${failed === 1 ? '' : 's'} failed`);
  if (parts.length === 0) parts.push('all passing');
  return `${parts.join(', ')}${run.worstSeverity ? `, ${run.worstSeverity}` : ''}`;
}

/**
 * The subject leads with the problem (lib/publish/headline.ts) and the account:
 * `Root user has no MFA device - account 123456789012 [driftwatch: 1 FAIL, critical]`. ASCII, one
 * line, at most 100 characters: the bracketed counts shorten, then go, before the headline is cut.
 */
export function subject(run: RunResult, part?: { index: number; total: number }): string {
  const ascii = (text: string) =>
    textSafe(text)
      .replace(/[\u2013\u2014]/g, '-')
      .replace(/\u2026/g, '...')
      .replace(/[^\x20-\x7e]/g, '?');
  const suffix = part && part.total > 1 ? ` [${part.index}/${part.total}]` : '';
  const head = ascii(headline(run, run.findings.filter(emailWorthy)));
  const where = ascii(` - account ${run.account}`);
  const counts = ascii(countsText(run));
  for (const tag of [` [driftwatch: ${counts}]`, ` [${counts}]`]) {
    const text = `${head}${where}${tag}${suffix}`;
    if (text.length <= SUBJECT_MAX) return text;
  }
  const tail = `${where}${suffix}`;
  const room = Math.max(20, SUBJECT_MAX - tail.length);
  const text = `${head.length <= room ? head : `${head.slice(0, room - 3)}...`}${tail}`;
  return text.length <= SUBJECT_MAX ? text : `${text.slice(0, SUBJECT_MAX - 3)}...`;
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

/**
 * The email's opening: the problem and the account, what changed (with drift tracked) or why drift
 * was not tracked (`driftOff`), then what ran, where, and the outcome.
 */
export function emailHeader(
  run: RunResult,
  part?: { index: number; total: number },
  driftOff?: string,
): string {
  const c = run.counts;
  const changed = changedParts(run);
  const lines = [
    `${headline(run, run.findings.filter(emailWorthy))} — account ${run.account}`,
    ...(changed.length > 0 ? [`What changed since the last run: ${changed.join(', ')}.`] : []),
    ...(driftOff
      ? [
          `Drift tracking is off for this run (${driftOff}): every failing finding is listed, not only what changed since the last run.`,
        ]
      : []),
    `Rule ${run.ruleId} ("${run.title}") on account ${run.account}, ${run.regions.length === 1 ? `region ${run.regions[0]}` : `${run.regions.length} regions`}, at ${run.startedAt}.`,
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
 * The footer: the rule's generic "How to fix" when a failing finding listed has no fix of its own
 * (a finding's own `remediationText` is shown with it), then where the rest is, and the posture
 * report's link when the stack has one (`DRIFTWATCH_REPORT_LINK`, lib/config.ts).
 */
export function emailFooter(
  run: RunResult,
  findings: readonly Finding[],
  remediationText: string | undefined,
  reportLink?: string,
): string {
  const lines = ['--'];
  const generic = findings.some((f) => f.status === 'FAIL' && emailWorthy(f) && !f.remediationText);
  if (remediationText && generic) lines.push(`How to fix: ${remediationText}`);
  lines.push(
    `Passing and not-applicable findings are in the JSON body only. Finding ids are stable across runs.`,
    ...(reportLink ? [`Posture report: ${reportLink}`] : []),
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

/**
 * The findings of one message part, what changed first, findings that share a cause in one block
 * listing their regions; the rest as counts (they are in the JSON).
 */
export function emailBody(findings: readonly Finding[]): string {
  const worthy = findings.filter(emailWorthy);
  const rank = (f: Finding) =>
    f.drift?.state === 'NEW' ? 0 : f.drift?.state === 'RESOLVED' ? 1 : f.drift?.reminder ? 2 : 3;
  const ordered = [...worthy].sort((a, b) => rank(a) - rank(b));
  const blocks = groupByCause(ordered).map(emailCause);
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
