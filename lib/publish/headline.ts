import type { RunResult } from '../engine';
import type { Finding } from '../findings';
import { GLOBAL_REGION, severityRank } from '../findings';
import type { Cause } from './causes';
import { groupByCause } from './causes';

/**
 * The problem an alert is about, first: "Root user has no MFA device", "No trail records read and
 * write management events in 24 regions". The subject and the email's first line lead with it (the
 * rule's title states the compliant condition, which reads as if all were well).
 */

/** Where a message's first clause ends: the reason or evidence that follows it. */
const CLAUSE_ENDS = [', so ', ', which ', ', because ', ': ', '; ', '. '];
const HEADLINE_MAX = 120;

/** The message up to its first clause end outside parentheses and quotes, without the final period. */
export function firstClause(message: string): string {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < message.length; i += 1) {
    const c = message[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '(' || c === '[')) depth += 1;
    else if (!quoted && (c === ')' || c === ']')) depth = Math.max(0, depth - 1);
    else if (depth === 0 && !quoted && CLAUSE_ENDS.some((end) => message.startsWith(end, i)))
      return message.slice(0, i);
  }
  return message.replace(/\.$/, '');
}

/** The clause without the account (the headline names it once), "The root user" as "Root user". */
function withoutAccount(clause: string, account: string): string {
  const text = clause
    .replace(new RegExp(` (?:of|in|for) account ${account}\\b`, 'g'), '')
    .replace(new RegExp(`^Account ${account}\\b`), 'The account')
    .replace(new RegExp(`\\baccount ${account}\\b`, 'g'), 'the account')
    .replace(/^The (?=[a-z])/, '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The finding that speaks for a cause: a regional one where there is one, carrying its action first. */
function representative(cause: Cause): Finding {
  const regional = cause.findings.filter((f) => f.region !== GLOBAL_REGION);
  const pool = regional.length > 0 ? regional : cause.findings;
  return pool.find((f) => f.remediation) ?? (pool[0] as Finding);
}

/** One cause's problem in a few words, its regions counted when there are several. */
export function causeProblem(cause: Cause, account: string): string {
  const f = representative(cause);
  const code = f.status === 'ERROR' ? f.details.errorCode : undefined;
  const clause = withoutAccount(firstClause(f.message), account);
  const phrase = typeof code === 'string' ? `${clause} (${code})` : clause;
  const regional = cause.regions.filter((r) => r !== GLOBAL_REGION).length;
  if (regional < 2) return cut(phrase, HEADLINE_MAX);
  const many = `${regional} regions`;
  const replaced = phrase.split(f.region).join(many);
  return cut(replaced === phrase ? `${phrase} (${many})` : replaced, HEADLINE_MAX);
}

const urgency = (f: Finding) => (f.drift?.state === 'NEW' ? 0 : f.drift?.reminder ? 1 : 2);

/**
 * The run's headline from the findings its alert lists (`worthy`): the worst failing cause, with
 * how many others there are; else a failed change, what resolved, a change made, or all passing.
 */
export function headline(run: RunResult, worthy: readonly Finding[]): string {
  const failing = worthy.filter((f) => f.status === 'FAIL' || f.status === 'ERROR');
  const causes = groupByCause(failing).sort(
    (a, b) =>
      severityRank((a.findings[0] as Finding).severity) - severityRank((b.findings[0] as Finding).severity) ||
      Number((a.findings[0] as Finding).status === 'ERROR') -
        Number((b.findings[0] as Finding).status === 'ERROR') ||
      urgency(a.findings[0] as Finding) - urgency(b.findings[0] as Finding),
  );
  const first = causes[0];
  if (first) {
    const more = causes.length - 1;
    return `${causeProblem(first, run.account)}${more > 0 ? ` (+${more} more)` : ''}`;
  }
  const failed = run.findings.find((f) => f.remediation?.status === 'failed');
  if (failed?.remediation) return cut(`Change failed: ${failed.remediation.description}`, HEADLINE_MAX);
  const resolved = worthy.filter((f) => f.drift?.state === 'RESOLVED').length;
  if (resolved > 0) return `Resolved (${resolved}): ${run.title}`;
  const done = worthy.find((f) => f.remediation?.status === 'done');
  if (done?.remediation) return cut(`Changed: ${done.remediation.description}`, HEADLINE_MAX);
  return `All passing: ${run.title}`;
}
