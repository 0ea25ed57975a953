import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';

/**
 * The retry strategy of the clients that make mutating calls (CreateSnapshot, DeleteSnapshot):
 * retries only throttling (ThrottlingException, RequestLimitExceeded, HTTP 429), which AWS answers
 * before doing anything. A timeout, a reset connection or a 5xx is NOT retried: the call may have
 * happened, and re-sending it blindly is how one backup slot ended up with four snapshots. The
 * caller verifies such an uncertain outcome (lib/actions/once.ts) before it tries again.
 */
export function throttlingOnlyRetry(maxAttempts: number, baseDelayMs = 100): RetryStrategyV2 {
  const token = (retries: number, delay: number): RetryToken => ({
    getRetryCount: () => retries,
    getRetryDelay: () => delay,
  });
  return {
    acquireInitialRetryToken: () => Promise.resolve(token(0, 0)),
    refreshRetryTokenForRetry(previous: RetryToken, info: RetryErrorInfo) {
      const retries = previous.getRetryCount() + 1;
      if (info.errorType !== 'THROTTLING' || retries >= maxAttempts)
        return Promise.reject(new Error('not retried: only throttling is retried for a mutating call'));
      // Full jitter on an exponential back-off, capped at 20 s (the SDK's own cap).
      const ceiling = Math.min(20_000, baseDelayMs * 2 ** retries);
      const hint = info.retryAfterHint ? info.retryAfterHint.getTime() - Date.now() : 0;
      return Promise.resolve(token(retries, Math.max(hint, Math.random() * ceiling)));
    },
    recordSuccess: () => undefined,
  };
}
