import middy from '@middy/core';
import type { MiddlewareObj } from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Context } from 'aws-lambda';
import { memberAccessFromEnv } from './aws/assume-role';
import { ClientFactory } from './aws/clients';
import { RunDeadline } from './aws/run-deadline';
import type { FunctionConfig } from './config';
import { loadConfig } from './config';
import type { RunResult } from './engine';
import { LiveInventory } from './inventory/live';
import { openMemberAccount } from './org/member-account';
import { publishRun, shouldNotify } from './publish/sns';
import type { RunRequest } from './request';
import { parsePayload, resolveRequest } from './request';
import type { Rule } from './rule';
import { scanRule } from './scan';
import { queuedScanPayload } from './sqs-event';
import { routeApiCall } from './events/route';
import { DynamoStateStore } from './state/dynamodb';
import type { Suppression } from './suppressions';
import { parseSuppressions } from './suppressions';
import bundledSuppressions from '../suppressions.json';
import { randomUUID } from 'node:crypto';
import { driftOffReason, runSettings, summarise } from './summary';
import type { RunSummary } from './summary';

/** Time kept after the last AWS call to log and return the summary. */
const RETURN_RESERVE_MS = 2_000;

export interface HandlerOverrides {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly clients?: ClientFactory;
  /** The clock of drift and suppression expiry (tests). @default () => new Date() */
  readonly now?: () => Date;
  /** A suppressions document in place of the bundled suppressions.json (tests). */
  readonly suppressions?: unknown;
}

/**
 * Middleware: turns the invoke event (an EventBridge scheduled event, schedule input, or an ad hoc
 * payload) into a validated `RunRequest`. Configuration and payload errors are thrown here, naming
 * the variable or field, before any AWS call.
 */
export function runRequest<P>(
  rule: Rule<P>,
  config: () => FunctionConfig,
): MiddlewareObj<RunRequest<P>, RunSummary> {
  return {
    before: function parseRunRequest(request) {
      // An API call event (tamper sentinel): that account and region, or an early "ignored" summary.
      const routed = routeApiCall(rule, request.event, config().defaults, request.context);
      if (routed?.kind === 'ignored') return routed.summary;
      if (routed) {
        request.event = routed.request;
        return;
      }
      // An SQS record (org fan-out) names the member account only; nothing in it widens the defaults.
      const payload = queuedScanPayload(request.event) ?? parsePayload(request.event);
      request.event = resolveRequest(rule, config().defaults, payload);
    },
  };
}

/**
 * Builds the Lambda handler of one rule: `export const handler = ruleHandler(rule)`.
 * Environment is read once, at cold start; a bad variable fails every invocation with a ConfigError
 * naming it (rather than an opaque init failure).
 */
export function ruleHandler<P>(rule: Rule<P>, overrides: HandlerOverrides = {}) {
  const env = overrides.env ?? process.env;
  let configError: unknown;
  let loaded: FunctionConfig | undefined;
  const now = overrides.now ?? (() => new Date());
  let suppressions: Suppression[] = [];
  try {
    loaded = loadConfig(env);
    suppressions = parseSuppressions(
      overrides.suppressions ?? bundledSuppressions,
      'suppressions.json',
      now(),
    );
  } catch (error) {
    configError = error;
  }
  const config = (): FunctionConfig => {
    if (!loaded) throw configError;
    return loaded;
  };
  const logger = new Logger({ serviceName: 'driftwatch', persistentKeys: { rule: rule.meta.id } });
  const metrics = new Metrics({ namespace: 'driftwatch', serviceName: rule.meta.id });
  const clients = overrides.clients ?? new ClientFactory();
  const memberAccess = memberAccessFromEnv(env);

  async function scanAndPublish(request: RunRequest<P>, context: Context): Promise<RunSummary> {
    const { topicArn, notify, concurrency, stateTable, reminderHours, coalesceMinutes, reportLink } =
      config();
    const runId = randomUUID();
    clients.counter.reset();
    // Every AWS call of this invocation is aborted before Lambda's timeout, leaving time to return.
    clients.setDeadline(RunDeadline.in(context.getRemainingTimeInMillis() - RETURN_RESERVE_MS));
    const { run, tracking, published, securityHub } = await scanRule(rule, request, {
      engine: {
        // A member account gets assumed-role clients for this invocation; the function's own account
        // keeps the cold-start factory. Publishing always uses the function's own credentials.
        ...(request.account
          ? await openMemberAccount(clients, request.account, rule.meta.id, memberAccess)
          : { inventory: new LiveInventory(clients), clients }),
        concurrency,
        now,
        remainingTimeMs: () => context.getRemainingTimeInMillis(),
      },
      suppressions,
      judgedAt: now(),
      reminderHours,
      coalesceMinutes,
      alerting: topicArn !== undefined && notify !== 'never',
      // Drift state lives in the function's own account, whichever account was scanned.
      ...(stateTable
        ? { store: new DynamoStateStore(clients, stateTable, env.AWS_REGION ?? 'us-east-1') }
        : {}),
      // In the scanned account (member clients in org mode), in the function's region.
      ...(config().securityHub ? { securityHub: { region: env.AWS_REGION ?? 'us-east-1' } } : {}),
      publish: async (finished, tracked) => {
        const driftOff = driftOffReason(tracked, stateTable);
        // A table that does not exist (a local run with the default name) is a setting, not an outage.
        if (tracked.kind === 'unavailable' && !driftOff?.startsWith('no state table'))
          logger.error('drift state unavailable: alerting on every failing finding', {
            error: tracked.error,
          });
        else if (driftOff) logger.warn(`${driftOff}: drift off, alerting on every failing finding`);
        // Every non-passing finding goes to the log first, so nothing is lost if publishing fails.
        logFindings(logger, finished);
        recordMetrics(metrics, finished);
        return topicArn && shouldNotify(finished, notify)
          ? publishRun(clients, topicArn, finished, rule.meta.remediation.text, runId, driftOff, reportLink)
          : [];
      },
    });
    if (securityHub?.error) logger.error('Security Hub export failed', { securityHub });
    else if (securityHub?.refused) logger.warn('Security Hub refused findings', { securityHub });
    const summary = summarise(run, published, clients.counter.snapshot(), tracking, {
      runId,
      ...(securityHub ? { securityHub } : {}),
      settings: runSettings(config(), env),
      driftOff: driftOffReason(tracking, stateTable),
    });
    // The findings are logged one by one above; the log line keeps to the summary.
    logger.info('run finished', { summary: { ...summary, findings: `${summary.findings.length} (above)` } });
    return summary;
  }

  return (
    middy<unknown, RunSummary>()
      .use(injectLambdaContext(logger))
      .use(logMetrics(metrics))
      .use(runRequest(rule, config))
      // runRequest has replaced the raw event with the validated RunRequest.
      .handler<unknown, RunSummary>((event: unknown, context: Context) =>
        scanAndPublish(event as RunRequest<P>, context),
      )
  );
}

/** Every non-passing finding goes to the log first, so nothing is lost if publishing fails. */
function logFindings(logger: Logger, run: RunResult): void {
  for (const f of run.findings) {
    if (f.status === 'PASS' || f.status === 'NOT_APPLICABLE') continue;
    logger.warn(f.message, { finding: f });
  }
}

function recordMetrics(metrics: Metrics, run: RunResult): void {
  metrics.addMetric('FailFindings', MetricUnit.Count, run.counts.FAIL);
  metrics.addMetric('ErrorFindings', MetricUnit.Count, run.counts.ERROR);
  metrics.addMetric('ChangesDone', MetricUnit.Count, run.changes.done);
  metrics.addMetric('ChangesFailed', MetricUnit.Count, run.changes.failed);
}
