import { ConfigError } from './errors';
import { envInteger, envOptional } from './env';
import type { NotifyPolicy } from './publish/sns';
import type { RunPayload } from './request';
import { defaultsFromEnv } from './request';

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
}

const NOTIFY_POLICIES: readonly NotifyPolicy[] = ['on-fail', 'always', 'never'];
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

/** Reads and validates the environment; every error names the variable to fix. */
export function loadConfig(env: Env): FunctionConfig {
  const notify = envOptional(env, 'DRIFTWATCH_NOTIFY') ?? 'on-fail';
  if (!NOTIFY_POLICIES.includes(notify as NotifyPolicy)) {
    throw new ConfigError(
      'DRIFTWATCH_NOTIFY',
      `Environment variable DRIFTWATCH_NOTIFY: expected one of ${NOTIFY_POLICIES.join(', ')}, got "${notify}".`,
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
      `Environment variable DRIFTWATCH_TOPIC_ARN: expected an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>), got "${topicArn}".`,
    );
  }
  return {
    topicArn,
    notify: notify as NotifyPolicy,
    concurrency: envInteger(env, 'DRIFTWATCH_CONCURRENCY', 4, 1),
    defaults: defaultsFromEnv(env),
  };
}
