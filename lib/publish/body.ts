import type { RunResult } from '../engine';
import type { Finding } from '../findings';

/**
 * The JSON body that SQS, Lambda and HTTPS subscribers receive. `runId` and `part` (also message
 * attributes `runId` and `part`, "1/2") identify the message: SNS may deliver a Publish twice when its
 * reply was lost and the call retried, so a subscriber de-duplicates on (runId, part.index).
 */
export interface RunMessage {
  readonly schema: 'driftwatch.run/1';
  readonly runId: string;
  readonly run: Omit<RunResult, 'findings'>;
  readonly part: { readonly index: number; readonly total: number };
  readonly findings: readonly Finding[];
  /** Why drift was not tracked this run, when it was meant to be (every failing finding is listed). */
  readonly driftOff?: string;
}

/** One part's JSON body (the SNS `default` body); the function's response carries the same findings. */
export function runBody(
  run: RunResult,
  findings: readonly Finding[],
  part: { index: number; total: number },
  runId: string,
  driftOff?: string,
): RunMessage {
  const summary: Omit<RunResult, 'findings'> & { findings?: unknown } = { ...run };
  delete summary.findings;
  return {
    schema: 'driftwatch.run/1',
    runId,
    run: summary,
    part,
    findings,
    ...(driftOff ? { driftOff } : {}),
  };
}

/** What a function's response may spend on findings: well under Lambda's 6 MB response limit. */
export const RESPONSE_FINDINGS_BUDGET = 1_000_000;

/** The order findings are kept in when not all fit: what needs a person first, PASS last. */
function keepRank(f: Finding): number {
  if (f.status === 'FAIL' || f.status === 'ERROR') return 0;
  if (f.remediation && f.remediation.status !== 'planned') return 1;
  if (f.status === 'SUPPRESSED') return 2;
  if (f.remediation) return 3;
  return f.status === 'PASS' ? 4 : 5;
}

/**
 * The findings of a run that fit in `budget` bytes of JSON, exactly as the SNS `default` body
 * carries them (in the run's order): every finding when they fit, else FAIL and ERROR first, then
 * changes made, suppressed, planned, PASS and NOT_APPLICABLE, and `truncated` counts the rest.
 */
export function boundedFindings(
  findings: readonly Finding[],
  budget: number = RESPONSE_FINDINGS_BUDGET,
): { findings: Finding[]; truncated: number } {
  const sizes = findings.map((f) => Buffer.byteLength(JSON.stringify(f), 'utf8') + 1);
  if (sizes.reduce((a, b) => a + b, 0) <= budget) return { findings: [...findings], truncated: 0 };
  const order = findings
    .map((_, i) => i)
    .sort((a, b) => keepRank(findings[a] as Finding) - keepRank(findings[b] as Finding) || a - b);
  const kept = new Set<number>();
  let used = 0;
  for (const i of order) {
    const size = sizes[i] as number;
    if (used + size > budget) break;
    kept.add(i);
    used += size;
  }
  return { findings: findings.filter((_, i) => kept.has(i)), truncated: findings.length - kept.size };
}
