import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import type { ClientFactory } from '../aws/clients';
import type { RunResult } from '../engine';
import { awsErrorCode, errorMessage, IntegrationError, SecurityHubExportError } from '../errors';
import { GLOBAL_REGION } from '../findings';
import { asffFindings } from '../output/asff';

/** BatchImportFindings takes at most 100 findings per call. */
export const BATCH_SIZE = 100;

/** Error codes that mean "slow down" (Security Hub throttles with LimitExceededException too). */
const RETRYABLE = new Set([
  'LimitExceededException',
  'ThrottlingException',
  'TooManyRequestsException',
  'InternalException',
]);

export interface SecurityHubOptions {
  /** The Security Hub region; default the run's first region, else us-east-1. */
  readonly region?: string;
  /** Whether the run tracked drift (see AsffContext.tracked). @default true when a finding has drift */
  readonly tracked?: boolean;
  /** Attempts per batch when throttled, first included. @default 5 */
  readonly attempts?: number;
  /** Waits between attempts (tests pass a fake). @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface SecurityHubExport {
  /** Findings Security Hub accepted. */
  readonly imported: number;
  /** Findings it refused, with its reason (one bad finding does not fail the batch). */
  readonly failed: readonly { readonly id: string; readonly code: string; readonly message: string }[];
  readonly batches: number;
  /** Of them, archived (RESOLVED). */
  readonly archived: number;
}

/**
 * The optional Security Hub exporter, one call per run after drift: imports the run's findings in
 * ASFF with BatchImportFindings, 100 per call, retrying throttled calls with backoff. Open findings
 * are created or updated (the ASFF Id is the deterministic finding id, so a STILL_FAILING re-import
 * updates the same finding); RESOLVED ones are archived with Compliance PASSED. Throws an
 * IntegrationError (a SecurityHubExportError, with what was imported before) when a batch still
 * fails after its attempts (the caller logs it; alerts are unaffected).
 *
 * @example
 * if (config.securityHub) await exportToSecurityHub(clients, run, { region: config.region });
 */
export async function exportToSecurityHub(
  clients: ClientFactory,
  run: RunResult,
  options: SecurityHubOptions = {},
): Promise<SecurityHubExport> {
  const region = options.region ?? run.regions.find((r) => r !== GLOBAL_REGION) ?? 'us-east-1';
  const tracked = options.tracked ?? run.findings.some((f) => f.drift !== undefined);
  const findings = asffFindings(run.findings, { region, tracked });
  const client = clients.get(SecurityHubClient, region);
  let imported = 0;
  const failed: { id: string; code: string; message: string }[] = [];
  let batches = 0;
  for (let i = 0; i < findings.length; i += BATCH_SIZE) {
    const batch = findings.slice(i, i + BATCH_SIZE);
    const out = await importBatch(client, batch, options).catch((error: unknown) => {
      const notImported = findings.length - i;
      throw new SecurityHubExportError(errorMessage(error), imported, failed.length + notImported, {
        cause: error instanceof Error && error.cause !== undefined ? error.cause : error,
      });
    });
    batches += 1;
    imported += out.SuccessCount ?? 0;
    for (const f of out.FailedFindings ?? [])
      failed.push({ id: f.Id ?? '', code: f.ErrorCode ?? 'Unknown', message: f.ErrorMessage ?? '' });
  }
  const archived = findings.filter((f) => f.RecordState === 'ARCHIVED').length;
  return { imported, failed, batches, archived };
}

async function importBatch(
  client: SecurityHubClient,
  batch: AwsSecurityFinding[],
  options: SecurityHubOptions,
) {
  const attempts = options.attempts ?? 5;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await client.send(new BatchImportFindingsCommand({ Findings: batch }));
    } catch (error) {
      const code = awsErrorCode(error);
      if (!RETRYABLE.has(code) || attempt >= attempts)
        throw new IntegrationError(
          `Security Hub BatchImportFindings failed (${code}: ${errorMessage(error)}) after ${attempt} attempt(s); ${batch.length} findings not imported.`,
          { cause: error },
        );
      // Exponential backoff with full jitter: 200 ms, 400 ms, 800 ms, ... capped at 5 s.
      await sleep(Math.random() * Math.min(5_000, 200 * 2 ** (attempt - 1)));
    }
  }
}
