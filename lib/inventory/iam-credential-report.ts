import { GenerateCredentialReportCommand, GetCredentialReportCommand, IAMClient } from '@aws-sdk/client-iam';
import { GLOBAL_SERVICE_REGION } from '../aws/clients';
import { awsErrorCode } from '../errors';
import type { CredentialReportUser } from './iam-credential-report-csv';
import { parseCredentialReport } from './iam-credential-report-csv';
import { defineRead } from './types';
import { credentialReportSchema } from './snapshot-schemas-iam-s3';

export type { CredentialReportUser, ReportAccessKey } from './iam-credential-report-csv';
export { ROOT_USER } from './iam-credential-report-csv';

/** The account's credential report: every user's (and root's) password, MFA and access-key state. */
export interface CredentialReport {
  /** When IAM generated the report (ISO): it lags reality by up to four hours. */
  readonly generatedTime: string;
  readonly users: readonly CredentialReportUser[];
}

/** The report is being generated: wait and ask again. The wire code and the SDK v3 exception name. */
const IN_PROGRESS = new Set(['ReportInProgress', 'CredentialReportNotReadyException']);
/** No report, or only one older than four hours: generate one, then wait for it. */
const MUST_GENERATE = new Set([
  'ReportNotPresent',
  'CredentialReportNotPresentException',
  'ReportExpired',
  'CredentialReportExpiredException',
]);

export interface CredentialReportPolling {
  /** Waits between attempts; a test passes one that does not sleep. */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * The waits before each further GetCredentialReport (their count bounds the attempts). Generation
   * takes seconds for most accounts; the total (31 s) stays well inside the 300 s function timeout.
   * @default [1000, 2000, 4000, 8000, 8000, 8000]
   */
  readonly delaysMs?: readonly number[];
}

const DEFAULT_DELAYS_MS = [1000, 2000, 4000, 8000, 8000, 8000] as const;
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The SDK gives `Content` as bytes; recordings (and some mocks) give the CSV text itself. */
function contentText(content: Uint8Array | string | undefined): string {
  if (content === undefined) return '';
  return typeof content === 'string' ? content : new TextDecoder().decode(content);
}

/**
 * GenerateCredentialReport, then GetCredentialReport until it answers: `ReportInProgress` waits,
 * `ReportNotPresent`/`ReportExpired` generate again and wait, anything else is thrown. After the last
 * wait the last error is thrown (the read becomes an ERROR finding, never an empty report). In the
 * steady state this is two calls: Generate (COMPLETE when a fresh report exists, else STARTED) and Get.
 */
export async function fetchCredentialReport(
  client: IAMClient,
  polling: CredentialReportPolling = {},
): Promise<CredentialReport> {
  const sleep = polling.sleep ?? realSleep;
  const delays = polling.delaysMs ?? DEFAULT_DELAYS_MS;
  const generated = await client.send(new GenerateCredentialReportCommand({}));
  if (generated.State !== 'COMPLETE' && delays.length > 0) await sleep(delays[0] as number);
  for (let attempt = 0; ; attempt++) {
    try {
      const out = await client.send(new GetCredentialReportCommand({}));
      return {
        generatedTime: (out.GeneratedTime ?? new Date(0)).toISOString(),
        users: parseCredentialReport(contentText(out.Content)),
      };
    } catch (error) {
      const code = awsErrorCode(error);
      const wait = delays[attempt + 1];
      if (wait === undefined || !(IN_PROGRESS.has(code) || MUST_GENERATE.has(code))) throw error;
      if (MUST_GENERATE.has(code)) await client.send(new GenerateCredentialReportCommand({}));
      await sleep(wait);
    }
  }
}

/** The credential report, generated if need be (see `fetchCredentialReport`). */
export const credentialReport = defineRead<CredentialReport>({
  name: 'iam.credentialReport',
  scope: 'global',
  actions: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'],
  schema: credentialReportSchema,
  fetch: (clients) => fetchCredentialReport(clients.get(IAMClient, GLOBAL_SERVICE_REGION)),
});
