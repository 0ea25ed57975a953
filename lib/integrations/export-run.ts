import type { ClientFactory } from '../aws/clients';
import type { RunResult } from '../engine';
import { errorMessage, SecurityHubExportError } from '../errors';
import { exportToSecurityHub } from './securityhub';
import type { SecurityHubExport, SecurityHubOptions } from './securityhub';

/** What a run's Security Hub export did, as the function's summary reports it. */
export interface SecurityHubOutcome {
  /** Findings Security Hub accepted. */
  readonly imported: number;
  /** Findings it refused, or that a failed call did not import. */
  readonly failed: number;
  /** Why the export stopped (after its throttling retries); alerting was unaffected. */
  readonly error?: string;
  /** The findings Security Hub refused, each with its reason (for the log). */
  readonly refused?: SecurityHubExport['failed'];
}

/**
 * The pipeline's Security Hub step (lib/scan.ts): exports the run with `exportToSecurityHub` and
 * never throws. A call that still fails after its retries becomes `error`, with what was imported
 * before it, so the caller logs and reports it while the run's alert stands.
 */
export async function exportRunToSecurityHub(
  clients: ClientFactory,
  run: RunResult,
  options: SecurityHubOptions,
): Promise<SecurityHubOutcome> {
  try {
    const out = await exportToSecurityHub(clients, run, options);
    return {
      imported: out.imported,
      failed: out.failed.length,
      ...(out.failed.length > 0 ? { refused: out.failed } : {}),
    };
  } catch (error) {
    if (error instanceof SecurityHubExportError)
      return { imported: error.imported, failed: error.failed, error: error.message };
    // Not a call that failed (a finding that cannot be written as ASFF, a bug): nothing was sent.
    return { imported: 0, failed: 0, error: errorMessage(error) };
  }
}
