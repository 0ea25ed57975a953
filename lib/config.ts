import { ConfigError } from './errors';
import { envBoolean, envInteger, envOptional } from './env';
import { DEFAULT_CONCURRENCY } from './engine';
import type { NotifyPolicy } from './publish/sns';
import type { RunPayload } from './request';
import { defaultsFromEnv } from './request';
import { quote } from './validation';

type Env = Readonly<Record<string, string | undefined>>;

/** A function's configuration, read once at cold start from its environment. */
export interface FunctionConfig {
  /** Where alerts go. Required unless `notify` is `never`. */
  readonly topicArn: string | undefined;
  readonly notify: NotifyPolicy;
  /** Regions evaluated at once. */
  readonly concurrency: number;
  /** Defaults for the run request; an ad hoc payload overrides them. */
  readonly defaults: RunPayload;
  /** The DynamoDB table of finding state (drift); without it every run reports all it finds. */
  readonly stateTable: string | undefined;
  /** Hours between reminders about a finding that is still failing; 0 for none. */
  readonly reminderHours: number;
  /** Event-driven runs: minutes a RESOLVED waits after the finding's last alert (storm control); 0 off. */
  readonly coalesceMinutes: number;
  /** Import each run's findings into Security Hub (`DRIFTWATCH_SECURITY_HUB`, deploy parameter securityHubExport). */
  readonly securityHub: boolean;
  /** The posture report's link, shown in the email footer (`DRIFTWATCH_REPORT_LINK`; reportEnabled). */
  readonly reportLink: string | undefined;
}

const NOTIFY_POLICIES: readonly NotifyPolicy[] = ['on-change', 'on-fail', 'always', 'never'];
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
/** The S3 console page of the report object, or its s3:// URL: no space, nothing to break the footer line. */
const REPORT_LINK = /^(https:\/\/|s3:\/\/)[^\s]+$/;
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

/** Reads and validates the environment; every error names the variable to fix. */
export function loadConfig(env: Env): FunctionConfig {
  const stateTable = envOptional(env, 'DRIFTWATCH_STATE_TABLE');
  if (stateTable !== undefined && !TABLE_NAME.test(stateTable)) {
    throw new ConfigError(
      'DRIFTWATCH_STATE_TABLE',
      `Environment variable DRIFTWATCH_STATE_TABLE: expected a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -), got ${quote(stateTable)}.`,
    );
  }
  // With drift tracked, the default is to alert on what changed; without, on any failure.
  const notify = envOptional(env, 'DRIFTWATCH_NOTIFY') ?? (stateTable ? 'on-change' : 'on-fail');
  if (!NOTIFY_POLICIES.includes(notify as NotifyPolicy)) {
    throw new ConfigError(
      'DRIFTWATCH_NOTIFY',
      `Environment variable DRIFTWATCH_NOTIFY: expected one of ${NOTIFY_POLICIES.join(', ')}, got ${quote(notify)}.`,
    );
  }
  if (notify === 'on-change' && stateTable === undefined) {
    throw new ConfigError(
      'DRIFTWATCH_NOTIFY',
      'Environment variable DRIFTWATCH_NOTIFY=on-change needs DRIFTWATCH_STATE_TABLE (the finding-state table) to know what changed.',
    );
  }
  const topicArn = envOptional(env, 'DRIFTWATCH_TOPIC_ARN');
  if (topicArn === undefined && notify !== 'never') {
    throw new ConfigError(
      'DRIFTWATCH_TOPIC_ARN',
      'Environment variable DRIFTWATCH_TOPIC_ARN is required (the SNS topic for alerts); set DRIFTWATCH_NOTIFY=never to run without alerts.',
    );
  }
  if (topicArn !== undefined && !TOPIC_ARN.test(topicArn)) {
    throw new ConfigError(
      'DRIFTWATCH_TOPIC_ARN',
      `Environment variable DRIFTWATCH_TOPIC_ARN: expected an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>), got ${quote(topicArn)}.`,
    );
  }
  const reportLink = envOptional(env, 'DRIFTWATCH_REPORT_LINK');
  if (reportLink !== undefined && !REPORT_LINK.test(reportLink)) {
    throw new ConfigError(
      'DRIFTWATCH_REPORT_LINK',
      `Environment variable DRIFTWATCH_REPORT_LINK: expected an https:// or s3:// URL with no spaces, got ${quote(reportLink)}.`,
    );
  }
  return {
    topicArn,
    notify: notify as NotifyPolicy,
    concurrency: envInteger(env, 'DRIFTWATCH_CONCURRENCY', DEFAULT_CONCURRENCY, 1),
    defaults: defaultsFromEnv(env),
    stateTable,
    reminderHours: envInteger(env, 'DRIFTWATCH_REMINDER_HOURS', 24, 0),
    coalesceMinutes: envInteger(env, 'DRIFTWATCH_COALESCE_MINUTES', 15, 0, 1440),
    securityHub: envBoolean(env, 'DRIFTWATCH_SECURITY_HUB', false),
    reportLink,
  };
}
