import type { Context } from 'aws-lambda';

/** The EventBridge event a schedule delivers to a rule function. */
export const SCHEDULED_EVENT = {
  version: '0',
  id: 'e1',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2026-11-21T00:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: {},
} as const;

/** The parts of a Lambda context a handler reads, for in-process handler tests (5 minutes left). */
export function lambdaContext(functionName = 'driftwatch-test'): Context {
  return {
    functionName,
    awsRequestId: 'req-1',
    getRemainingTimeInMillis: () => 300_000,
  } as unknown as Context;
}
