import type { RunResult } from '../engine';
import type { Finding, Severity, StatusCounts } from '../findings';
import type { ScanReport, ScanSource } from './report';

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
  };
}

export function renderJson(report: ScanReport): string {
  return `${JSON.stringify(toScanJson(report), null, 2)}\n`;
}
