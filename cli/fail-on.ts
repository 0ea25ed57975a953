import { ValidationError } from '../lib/errors';
import { SEVERITIES, severityRank } from '../lib/findings';
import type { Severity } from '../lib/findings';
import type { ScanReport } from '../lib/output/report';
import { quote } from '../lib/validation';

/** What `--fail-on` accepts: a severity, `error`, or both comma-separated (`high,error`). */
export const FAIL_ON_VALUES = [...SEVERITIES, 'error'] as const;

/** When a scan exits 1. */
export interface FailGate {
  /** A FAIL finding of this severity or worse trips the gate. */
  readonly severity?: Severity;
  /** An ERROR finding (a check that could not run) or a rule the snapshot has no data for trips it. */
  readonly errors: boolean;
}

/**
 * `--fail-on high`, `--fail-on error` or `--fail-on high,error`. A severity alone counts only FAIL
 * findings, as before; add `error` so that a scan whose checks could not run (AccessDenied, a read
 * the snapshot lacks) fails the gate instead of passing it.
 */
export function parseFailOn(value: string | undefined): FailGate | undefined {
  if (value === undefined) return undefined;
  const parts = value
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean);
  const refuse = (what: string): never => {
    throw new ValidationError(
      `--fail-on: expected ${what} (${SEVERITIES.join(', ')}), error, or both such as high,error, got ${quote(value, 60)}.`,
      ['--fail-on'],
    );
  };
  if (parts.length === 0 || parts.some((p) => !(FAIL_ON_VALUES as readonly string[]).includes(p)))
    refuse('a severity');
  const severities = parts.filter((p): p is Severity => (SEVERITIES as readonly string[]).includes(p));
  if (new Set(severities).size > 1) refuse('one severity');
  return { ...(severities[0] ? { severity: severities[0] } : {}), errors: parts.includes('error') };
}

/** True when the scan trips the gate (exit 1): see `FailGate`. */
export function tripsGate(report: ScanReport, gate: FailGate): boolean {
  const { severity } = gate;
  if (
    severity !== undefined &&
    report.findings.some((f) => f.status === 'FAIL' && severityRank(f.severity) <= severityRank(severity))
  )
    return true;
  return gate.errors && (report.counts.ERROR > 0 || (report.notRecorded ?? []).length > 0);
}
