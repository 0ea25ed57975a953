/**
 * Concurrency per API operation, across regions. Regions are evaluated in parallel (up to 32), which
 * suits cheap calls; a heavy listing (a 1,000-snapshot DescribeSnapshots page, the credential
 * report) costs the service seconds, and many of them at once slow every one of them past the socket
 * timeout, so the SDK re-sends them and the service does the work again. Heavy operations therefore
 * get their own adaptive limit (additive increase while pages come back fast, back to the minimum on
 * a slow page, a timeout or throttling) and a socket timeout that fits a full page.
 */

import { iamActionName } from './call-counter';

/** How one heavy operation is limited. */
export interface OperationLimit {
  /** Calls in flight the limit never goes below. */
  readonly min: number;
  /** Calls in flight the limit starts at. */
  readonly start: number;
  /** Calls in flight the limit never goes above. */
  readonly max: number;
  /** A call that takes longer than this is "slow": the limit falls back to `min`. */
  readonly slowMs: number;
}

const LISTING: OperationLimit = { min: 2, start: 16, max: 32, slowMs: 1_500 };

/**
 * The heavy operations, by IAM action: big paginated listings and the account-wide IAM documents.
 * Everything else runs at the region concurrency.
 */
export const HEAVY_OPERATIONS: Readonly<Record<string, OperationLimit>> = {
  'ec2:DescribeSnapshots': LISTING,
  'ec2:DescribeImages': LISTING,
  'ec2:DescribeInstances': LISTING,
  'iam:GetCredentialReport': { min: 1, start: 1, max: 2, slowMs: 5_000 },
  'iam:GetAccountAuthorizationDetails': { min: 1, start: 2, max: 4, slowMs: 5_000 },
};

/**
 * Socket timeout of a heavy call, as a multiple of the ordinary one (15 s → 60 s): a full page of the
 * slowest listing fits, and tests that shorten the ordinary timeout shorten this one with it.
 */
export const HEAVY_TIMEOUT_FACTOR = 4;
/** The heavy socket timeout never exceeds this. */
export const HEAVY_REQUEST_TIMEOUT_MAX_MS = 120_000;

/**
 * The IAM action of an SDK `send(command)` (`EC2Client` + `DescribeSnapshotsCommand` →
 * `ec2:DescribeSnapshots`), from the classes' names (bundles keep them: esbuild `keepNames`);
 * undefined when they are not an SDK client's and command's.
 */
export function commandAction(client: object, command: unknown): string | undefined {
  const clientName = (client.constructor as { name?: unknown } | undefined)?.name;
  const commandName = (command as { constructor?: { name?: unknown } } | undefined)?.constructor?.name;
  if (typeof clientName !== 'string' || typeof commandName !== 'string') return undefined;
  if (!clientName.endsWith('Client') || !commandName.endsWith('Command')) return undefined;
  return iamActionName(clientName, commandName);
}

export interface OperationLimiterOptions {
  readonly table?: Readonly<Record<string, OperationLimit>>;
  /** Socket timeout of a heavy call, ms. */
  readonly heavyRequestTimeoutMs: number;
  /** @default Date.now */
  readonly clock?: () => number;
}

/** What the limiter saw of one operation (benchmarks and tests read it). */
export interface OperationStats {
  readonly limit: number;
  readonly calls: number;
  readonly maxInFlight: number;
  readonly slow: number;
  readonly timedOut: number;
  readonly throttled: number;
}

interface State {
  readonly spec: OperationLimit;
  limit: number;
  inFlight: number;
  readonly waiting: (() => void)[];
  calls: number;
  maxInFlight: number;
  slow: number;
  timedOut: number;
  throttled: number;
}

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
  'SlowDown',
]);

/** Whether `error` is the SDK's socket timeout (or an aborted/timed-out socket). */
function isTimeout(error: unknown): boolean {
  const e = error as { name?: unknown; code?: unknown } | undefined;
  return e?.name === 'TimeoutError' || e?.code === 'ETIMEDOUT' || e?.code === 'ECONNRESET';
}

function isThrottling(error: unknown): boolean {
  const e = error as { name?: unknown; $metadata?: { httpStatusCode?: number } } | undefined;
  return (typeof e?.name === 'string' && THROTTLING.has(e.name)) || e?.$metadata?.httpStatusCode === 429;
}

/**
 * One limiter per ClientFactory (per account): every call of a heavy operation, in any region,
 * takes a slot first (FIFO) and holds it through the SDK's own retries, so a retry never adds load.
 *
 * @example
 * const out = await limiter.run('ec2:DescribeSnapshots', (timeoutMs) => client.send(cmd, { requestTimeout: timeoutMs }));
 */
export class OperationLimiter {
  /** Socket timeout given to heavy calls. */
  readonly heavyRequestTimeoutMs: number;
  private readonly table: Readonly<Record<string, OperationLimit>>;
  private readonly clock: () => number;
  private readonly states = new Map<string, State>();

  constructor(options: OperationLimiterOptions) {
    this.table = options.table ?? HEAVY_OPERATIONS;
    this.heavyRequestTimeoutMs = options.heavyRequestTimeoutMs;
    this.clock = options.clock ?? Date.now;
  }

  /** Whether `action` (IAM spelling) has its own limit. */
  isHeavy(action: string | undefined): boolean {
    return action !== undefined && Object.hasOwn(this.table, action);
  }

  /**
   * Runs `send` for `action`: a light action at once (`send(undefined)`), a heavy one when a slot
   * is free, with the heavy socket timeout. The outcome adjusts the action's limit.
   */
  async run<T>(
    action: string | undefined,
    send: (requestTimeoutMs: number | undefined) => Promise<T>,
  ): Promise<T> {
    const state = action === undefined ? undefined : this.state(action);
    if (!state) return send(undefined);
    await this.acquire(state);
    const started = this.clock();
    try {
      const value = await send(this.heavyRequestTimeoutMs);
      this.adjust(state, this.clock() - started >= state.spec.slowMs ? 'slow' : 'fast');
      return value;
    } catch (error) {
      if (isTimeout(error)) this.adjust(state, 'timeout');
      else if (isThrottling(error)) this.adjust(state, 'throttled');
      throw error;
    } finally {
      this.release(state);
    }
  }

  /** Per heavy action used so far: its current limit and what happened. */
  stats(): Record<string, OperationStats> {
    const out: Record<string, OperationStats> = {};
    for (const [action, s] of this.states) {
      const { limit, calls, maxInFlight, slow, timedOut, throttled } = s;
      out[action] = { limit, calls, maxInFlight, slow, timedOut, throttled };
    }
    return out;
  }

  private state(action: string): State | undefined {
    let state = this.states.get(action);
    if (state) return state;
    const spec = this.table[action];
    if (!spec) return undefined;
    state = {
      spec,
      limit: spec.start,
      inFlight: 0,
      waiting: [],
      calls: 0,
      maxInFlight: 0,
      slow: 0,
      timedOut: 0,
      throttled: 0,
    };
    this.states.set(action, state);
    return state;
  }

  private acquire(state: State): Promise<void> {
    state.calls += 1;
    if (state.inFlight < state.limit && state.waiting.length === 0) {
      this.take(state);
      return Promise.resolve();
    }
    return new Promise((resolve) => state.waiting.push(() => (this.take(state), resolve())));
  }

  private take(state: State): void {
    state.inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
  }

  private release(state: State): void {
    state.inFlight -= 1;
    while (state.inFlight < state.limit && state.waiting.length > 0) state.waiting.shift()?.();
  }

  private adjust(state: State, outcome: 'fast' | 'slow' | 'timeout' | 'throttled'): void {
    const { min, max } = state.spec;
    if (outcome === 'fast') state.limit = Math.min(max, state.limit + 1);
    else state.limit = min;
    if (outcome === 'slow') state.slow += 1;
    if (outcome === 'timeout') state.timedOut += 1;
    if (outcome === 'throttled') state.throttled += 1;
  }
}
