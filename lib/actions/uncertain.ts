import { isAbort } from '../aws/run-deadline';
import { awsErrorCode } from '../errors';

/** Error codes AWS answers before doing anything: the call certainly did not happen. */
const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'SlowDown',
]);

/** How sure a failed mutating call is not to have happened. */
export type FailureKind =
  /** AWS refused it (4xx, throttling): nothing changed. */
  | 'refused'
  /** A timeout, a reset connection, a lost response or a 5xx: it may have happened. */
  | 'uncertain'
  /** The run deadline cut it off: it may have happened, and there is no time left to check. */
  | 'deadline';

/**
 * Classifies a failed mutating call. Only an answer that says AWS did nothing (a 4xx, throttling)
 * is `refused`; anything without such an answer may have been carried out and must be verified
 * before the call is made again.
 */
export function failureKind(error: unknown): FailureKind {
  if (isAbort(error)) return 'deadline';
  const e = error as {
    $fault?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: { throttling?: boolean };
  };
  if (THROTTLING.has(awsErrorCode(error)) || e.$retryable?.throttling === true) return 'refused';
  // A modelled client error (the service answered, and refused): the SDK marks it `$fault: 'client'`.
  if (e.$fault === 'client') return 'refused';
  const status = e.$metadata?.httpStatusCode;
  if (status === 429) return 'refused';
  if (status !== undefined && status >= 400 && status < 500) return 'refused';
  return 'uncertain';
}

/** Waits `ms` (at most until `signal` aborts). */
export function settle(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
