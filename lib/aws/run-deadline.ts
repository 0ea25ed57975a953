/**
 * The moment a run must be finished by (Lambda's timeout less a little, or the CLI's `--deadline`).
 * The client factory gives every AWS call an abort signal that fires at `at`, so no call, retry or
 * back-off outlives the run; the action loop asks `remainingMs()` before it starts anything.
 *
 * @example
 * const deadline = RunDeadline.in(context.getRemainingTimeInMillis() - 2_000);
 * await client.send(command, { abortSignal: deadline.signal() });
 */
export class RunDeadline {
  constructor(
    /** Epoch milliseconds. */
    readonly at: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The deadline `ms` from now. */
  static in(ms: number, clock: () => number = Date.now): RunDeadline {
    return new RunDeadline(clock() + ms, clock);
  }

  /** Milliseconds left (negative once passed). */
  remainingMs(): number {
    return this.at - this.clock();
  }

  /** Whether the deadline has passed. */
  passed(): boolean {
    return this.remainingMs() <= 0;
  }

  /** An earlier deadline: `reserveMs` before this one (time kept back for what follows). */
  before(reserveMs: number): RunDeadline {
    return new RunDeadline(this.at - reserveMs, this.clock);
  }

  /** An abort signal that fires when the deadline passes (at once if it has). */
  signal(): AbortSignal {
    const left = this.remainingMs();
    if (left <= 0) return AbortSignal.abort(new DeadlinePassedError());
    return AbortSignal.timeout(left);
  }
}

/** The reason of a signal whose deadline had already passed when the call was made. */
export class DeadlinePassedError extends Error {
  constructor() {
    super('The run deadline has passed: no further AWS call is made.');
    this.name = 'AbortError';
  }
}

/**
 * Whether `error` is an SDK call cut off by an abort signal (the run deadline): the SDK throws
 * `AbortError` then (a socket timeout is a `TimeoutError`, which is not this).
 */
export function isAbort(error: unknown): boolean {
  return (error as { name?: unknown } | undefined)?.name === 'AbortError';
}
