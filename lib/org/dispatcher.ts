import { Logger } from '@aws-lambda-powertools/logger';
import * as z from 'zod/mini';
// The core class itself: `z.core.$ZodError` would make esbuild keep all of zod core (and its locales).
import { $ZodError } from 'zod/v4/core';
import { ClientFactory } from '../aws/clients';
import { ConfigError } from '../errors';
import { envJson } from '../env';
import { scopeAccounts } from './accounts';
import { dispatchScans } from './dispatch';
import type { DispatchResult } from './dispatch';
import { queueUrlsByName } from './queue-urls';
import type { AccountScope } from './scope';
import { parseScope } from './scope';
import { zodValidationError } from '../validation';

type Env = Readonly<Record<string, string | undefined>>;

export interface DispatcherConfig {
  /**
   * Rule id → queue URL (`DRIFTWATCH_RULE_QUEUES`, a JSON object the deployment fills in), or, when
   * `byName`, rule id → queue name (`DRIFTWATCH_RULE_QUEUE_NAMES`, what `sls invoke local` gets),
   * looked up with GetQueueUrl when the dispatcher runs.
   */
  readonly queues: Readonly<Record<string, string>>;
  readonly byName?: true;
  /** `DRIFTWATCH_ORG_SCOPE` (JSON); default: the whole organization. */
  readonly scope: AccountScope;
}

const queuesSchema = z.record(z.string().check(z.regex(/^[a-z0-9-]+$/)), z.string().check(z.url()));
const queueNamesSchema = z.record(
  z.string().check(z.regex(/^[a-z0-9-]+$/)),
  z.string().check(z.regex(/^[A-Za-z0-9_-]{1,80}$/)),
);

/** Reads the dispatcher's environment; every error names the variable. */
export function loadDispatcherConfig(env: Env): DispatcherConfig {
  const scope = orgScope(env);
  const urls = envJson(env, 'DRIFTWATCH_RULE_QUEUES');
  const names = envJson(env, 'DRIFTWATCH_RULE_QUEUE_NAMES');
  if (urls === undefined && names !== undefined) {
    const parsed = queueNamesSchema.safeParse(names);
    if (!parsed.success || Object.keys(parsed.data).length === 0)
      throw new ConfigError(
        'DRIFTWATCH_RULE_QUEUE_NAMES',
        'Environment variable DRIFTWATCH_RULE_QUEUE_NAMES: expected a JSON object of rule id to SQS queue name, e.g. {"root-account-mfa":"driftwatch-dev-rootAccountMfa-scans"}.',
      );
    return { queues: parsed.data, byName: true, scope };
  }
  const queues = queuesSchema.safeParse(urls);
  if (!queues.success || Object.keys(queues.data).length === 0) {
    throw new ConfigError(
      'DRIFTWATCH_RULE_QUEUES',
      'Environment variable DRIFTWATCH_RULE_QUEUES: expected a JSON object of rule id to SQS queue URL, e.g. {"root-account-mfa":"https://sqs.us-east-1.amazonaws.com/111122223333/q"}.',
    );
  }
  return { queues: queues.data, scope };
}

function orgScope(env: Env): AccountScope {
  const rawScope = envJson(env, 'DRIFTWATCH_ORG_SCOPE') ?? { organization: true };
  try {
    return parseScope(rawScope, 'DRIFTWATCH_ORG_SCOPE');
  } catch (error) {
    throw new ConfigError('DRIFTWATCH_ORG_SCOPE', (error as Error).message, { cause: error });
  }
}

const payloadSchema = z.strictObject({
  scope: z.optional(z.unknown()),
  rules: z.optional(
    z.array(z.string(), { error: () => 'expected a list of rule ids' }).check(z.minLength(1)),
  ),
});

/** The dispatcher's ad hoc payload: `{ scope?, rules? }`; a scheduled event uses the defaults. */
export function resolveDispatch(event: unknown, config: DispatcherConfig): DispatcherConfig {
  const e = (event ?? {}) as Record<string, unknown>;
  if (e.source === 'aws.events' || event === null || event === undefined) return config;
  const parsed = payloadSchema.safeParse(event);
  if (!parsed.success) throw zodValidationError(parsed.error, 'dispatch request');
  const scope = parsed.data.scope === undefined ? config.scope : parseScope(parsed.data.scope);
  let queues = config.queues;
  if (parsed.data.rules) {
    const unknown = parsed.data.rules.filter((r) => !(r in config.queues));
    if (unknown.length > 0) {
      throw zodValidationError(
        new $ZodError(
          unknown.map((r) => ({
            code: 'custom' as const,
            path: ['rules', parsed.data.rules?.indexOf(r) ?? 0],
            message: `unknown rule "${r}"; expected one of ${Object.keys(config.queues).join(', ')}`,
            input: r,
          })),
        ),
        'dispatch request',
      );
    }
    queues = Object.fromEntries(parsed.data.rules.map((r) => [r, config.queues[r] as string]));
  }
  return { ...config, queues, scope };
}

export interface DispatchSummary extends DispatchResult {
  /** Accounts an explicit scope named that are not ACTIVE accounts of the organization: not scanned. */
  readonly outsideOrganization: readonly string[];
  readonly apiCalls: Readonly<Record<string, number>>;
}

/**
 * The scope's accounts that are ACTIVE accounts of the fleet's organization. An OU or organization
 * scope comes from the organization's own listing; an explicit list is checked against ListAccounts,
 * so a payload or misconfiguration naming an account outside the organization never has a scan
 * message (and an AssumeRole) sent its way.
 */
export async function organizationAccounts(
  clients: ClientFactory,
  scope: AccountScope,
): Promise<{ accounts: string[]; outside: string[] }> {
  const wanted = await scopeAccounts(clients, scope);
  if (!scope.accounts) return { accounts: wanted, outside: [] };
  const members = new Set(await scopeAccounts(clients, { organization: true, exclude: [] }));
  return {
    accounts: wanted.filter((a) => members.has(a)),
    outside: wanted.filter((a) => !members.has(a)),
  };
}

/**
 * The scheduled dispatcher: lists the accounts in scope (only accounts of the organization, see
 * `organizationAccounts`) and enqueues one scan message per (rule, account). SQS, the event-source mapping (batch size 1, maximum concurrency) and the dead-letter
 * queues do the rest: no scheduler or worker pool of our own.
 */
export function dispatcherHandler(overrides: { env?: Env; clients?: ClientFactory } = {}) {
  const env = overrides.env ?? process.env;
  let config: DispatcherConfig | undefined;
  let configError: unknown;
  try {
    config = loadDispatcherConfig(env);
  } catch (error) {
    configError = error;
  }
  const clients = overrides.clients ?? new ClientFactory();
  const logger = new Logger({ serviceName: 'driftwatch', persistentKeys: { function: 'dispatcher' } });
  return async function dispatch(event: unknown): Promise<DispatchSummary> {
    if (!config) throw configError;
    const request = resolveDispatch(event, config);
    clients.counter.reset();
    const { accounts, outside } = await organizationAccounts(clients, request.scope);
    if (outside.length > 0)
      logger.warn('accounts outside the organization are not scanned', { accounts: outside.slice(0, 100) });
    const queues = request.byName
      ? await queueUrlsByName(clients, request.queues, env.AWS_REGION ?? 'us-east-1')
      : request.queues;
    const result = await dispatchScans(clients, { queues, accounts });
    const summary = { ...result, outsideOrganization: outside, apiCalls: clients.counter.snapshot() };
    logger.info('dispatch finished', { summary });
    return summary;
  };
}
