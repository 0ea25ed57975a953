/** An evaluation still running when the run must wrap up. */
export class DeadlineExceededError extends Error {
  constructor(region: string) {
    super(
      `Evaluation in ${region} did not finish before the function's deadline; it is retried on the next run.`,
    );
    this.name = 'DeadlineExceeded';
  }
}

/**
 * Settles `work`, or rejects with DeadlineExceeded once `budgetMs` has passed, so a hung region (a
 * socket that never answers, retries that never end) becomes an ERROR finding instead of a Lambda
 * timeout that would lose every other region's findings. Without a budget, `work` is returned as is.
 */
export function withDeadline<T>(work: Promise<T>, budgetMs: number | undefined, region: string): Promise<T> {
  if (budgetMs === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceededError(region)), Math.max(0, budgetMs));
    timer.unref();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
