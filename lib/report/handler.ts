import { ClientFactory } from '../aws/clients';
import { ConfigError } from '../errors';
import { envInteger, envOptional } from '../env';
import { DynamoStateStore } from '../state/dynamodb';
import type { RuleMetadata } from '../rule';
import { postureReport } from './collect';
import { reportLink, uploadReport } from './upload';
import type { ReportObject } from './upload';

type Env = Readonly<Record<string, string | undefined>>;

/** The report function's configuration, read once at cold start. */
export interface ReportConfig {
  readonly table: string;
  readonly target: ReportObject;
  readonly maxFindings: number;
}

/**
 * `DRIFTWATCH_STATE_TABLE` (the state table), `DRIFTWATCH_REPORT_BUCKET` (the report bucket),
 * optional `DRIFTWATCH_REPORT_KEY` (default `posture/index.html`) and `DRIFTWATCH_REPORT_MAX_FINDINGS`.
 */
export function loadReportConfig(env: Env): ReportConfig {
  const table = envOptional(env, 'DRIFTWATCH_STATE_TABLE');
  const bucket = envOptional(env, 'DRIFTWATCH_REPORT_BUCKET');
  if (!table)
    throw new ConfigError('DRIFTWATCH_STATE_TABLE', 'The report function needs the state table name.');
  if (!bucket)
    throw new ConfigError('DRIFTWATCH_REPORT_BUCKET', 'The report function needs the report bucket name.');
  const region = envOptional(env, 'AWS_REGION') ?? 'us-east-1';
  return {
    table,
    target: { bucket, key: envOptional(env, 'DRIFTWATCH_REPORT_KEY') ?? 'posture/index.html', region },
    maxFindings: envInteger(env, 'DRIFTWATCH_REPORT_MAX_FINDINGS', 2000, 1, 1_000_000),
  };
}

export interface ReportSummary {
  readonly bucket: string;
  readonly key: string;
  /** The S3 console link the alert email can carry. */
  readonly link: string;
  readonly bytes: number;
  readonly accounts: number;
  readonly openFindings: number;
}

/**
 * One scheduled report run: reads the whole state table, renders the posture page and writes it
 * to the report bucket. Returns where it is (for `sls invoke` and for the email link).
 */
export async function writeReport(
  clients: ClientFactory,
  config: ReportConfig,
  rules: readonly RuleMetadata[],
  now: Date,
): Promise<ReportSummary> {
  const store = new DynamoStateStore(clients, config.table, config.target.region);
  const { html, model } = await postureReport({
    stores: [{ label: `state table ${config.table}`, store }],
    rules,
    now,
    maxFindings: config.maxFindings,
  });
  await uploadReport(clients, config.target, html);
  return {
    bucket: config.target.bucket,
    key: config.target.key,
    link: reportLink(config.target),
    bytes: Buffer.byteLength(html),
    accounts: model.accounts.length,
    openFindings: model.openTotal,
  };
}

/**
 * The scheduled report function's entry (EventBridge schedule; the event is ignored). Config is
 * read at cold start; a bad or missing variable fails each invocation with a ConfigError naming
 * it (not an opaque init failure, and loading the bundle never throws). The rule metadata
 * (titles, remediation) comes from the registry.
 *
 * @example
 * // functions/report.ts
 * export const handler = reportHandler(rules.map((r) => r.meta));
 */
export function reportHandler(
  rules: readonly RuleMetadata[],
  env: Env = process.env,
  clients: ClientFactory = new ClientFactory(),
): () => Promise<ReportSummary> {
  let config: ReportConfig | undefined;
  let configError: Error | undefined;
  try {
    config = loadReportConfig(env);
  } catch (error) {
    configError = error instanceof Error ? error : new Error(String(error));
  }
  return () => {
    if (!config) return Promise.reject(configError ?? new Error('The report function is not configured.'));
    return writeReport(clients, config, rules, new Date());
  };
}
