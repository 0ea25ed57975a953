import type { RunResult } from '../engine';
import type { Finding, Severity, StatusCounts } from '../findings';
import type { NotRecorded, ScanReport, ScanSource } from './report';

/** The CLI's JSON output: the scan summary and every finding in the one internal shape. */
export interface ScanJson {
  readonly schema: 'driftwatch.scan/1';
  readonly account: string;
  readonly source: ScanSource;
  readonly evaluatedAt: string;
  readonly counts: StatusCounts;
  readonly worstSeverity: Severity | null;
  /** One entry per rule run, without its findings (they are in `findings`). */
  readonly runs: readonly Omit<RunResult, 'findings'>[];
  readonly findings: readonly Finding[];
  /** Selected rules a snapshot scan had no data for, so they were not evaluated. */
  readonly notRecorded?: readonly NotRecorded[];
}

export function toScanJson(report: ScanReport): ScanJson {
  return {
    schema: 'driftwatch.scan/1',
    account: report.account,
    source: report.source,
    evaluatedAt: report.evaluatedAt,
    counts: report.counts,
    worstSeverity: report.worstSeverity ?? null,
    runs: report.runs.map(({ findings: _findings, ...run }) => run),
    findings: report.findings,
    ...(report.notRecorded ? { notRecorded: report.notRecorded } : {}),
  };
}

/** The scan as pretty-printed `driftwatch.scan/1` JSON. */
export function renderJson(report: ScanReport): string {
  return `${JSON.stringify(toScanJson(report), null, 2)}\n`;
}
