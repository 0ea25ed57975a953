import type { AwsCredentialIdentityProvider, RetryStrategyV2 } from '@smithy/types';
import { envInteger } from '../env';
import { CallCounter, iamActionName } from './call-counter';
import { throttlingOnlyRetry } from './mutation-retry';
import type { OperationLimit } from './operation-limits';
import {
  commandAction,
  HEAVY_REQUEST_TIMEOUT_MAX_MS,
  HEAVY_TIMEOUT_FACTOR,
  OperationLimiter,
} from './operation-limits';
import { dropIdleSdkLogger } from './sdk-logger';
import type { RunDeadline } from './run-deadline';

/** What every SDK v3 client constructor accepts that driftwatch sets. */
interface ClientConfig {
  region: string;
  maxAttempts: number;
  retryMode: 'standard' | 'adaptive';
  retryStrategy?: RetryStrategyV2;
  endpoint?: string;
  credentials?: AwsCredentialIdentityProvider;
  requestHandler: { connectionTimeout: number; requestTimeout: number; throwOnRequestTimeout: boolean };
}

type Send = (
  command: unknown,
  options?: { abortSignal?: AbortSignal; requestTimeout?: number },
) => Promise<unknown>;

/** The part of an SDK v3 client the factory touches. */
interface SdkClient {
  middlewareStack: {
    add(middleware: unknown, options: { step: 'initialize'; name: string }): void;
    remove(name: string): boolean;
  };
  send?: unknown;
}

type ClientClass<C extends SdkClient> = new (config: ClientConfig) => C;

export interface ClientFactoryOptions {
  readonly counter?: CallCounter;
  readonly credentials?: AwsCredentialIdentityProvider;
  /**
   * Attempts per call, first try included. The SDK's standard retry mode backs off with jitter on
   * throttling and 5xx.
   * @default 4
   */
  readonly maxAttempts?: number;
  /** @default 'adaptive' — client-side rate limiting once throttled, which suits scanning fan-out. */
  readonly retryMode?: 'standard' | 'adaptive';
  /** Socket timeouts in ms, so a dead connection is a retried error rather than a hung run. */
  readonly connectionTimeoutMs?: number;
  /** @default DRIFTWATCH_REQUEST_TIMEOUT_MS, else 15000 */
  readonly requestTimeoutMs?: number;
  /**
   * Socket timeout of heavy listings (lib/aws/operation-limits.ts), which also wait for a slot of
   * their operation's own limit. @default 4 × requestTimeoutMs, at most 120 s
   */
  readonly heavyRequestTimeoutMs?: number;
  /** The heavy operations and their limits. @default HEAVY_OPERATIONS ({} turns limiting off) */
  readonly operationLimits?: Readonly<Record<string, OperationLimit>>;
  /** Every call of every client is aborted when it passes (see `setDeadline`). */
  readonly deadline?: RunDeadline;
  /**
   * One endpoint for every client (a test's loopback proxy), where setting `AWS_ENDPOINT_URL` for the
   * process would leak into other runs in flight. @default the SDK's (honouring AWS_ENDPOINT_URL)
   */
  readonly endpoint?: string;
  /** Where `DRIFTWATCH_REQUEST_TIMEOUT_MS` is read. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const defaults = {
  maxAttempts: 4,
  retryMode: 'adaptive',
  connectionTimeoutMs: 3_000,
  requestTimeoutMs: 15_000,
} as const;

/** Bounds of `DRIFTWATCH_REQUEST_TIMEOUT_MS` (tests lower it to keep fault injection fast). */
export const REQUEST_TIMEOUT_BOUNDS = { min: 50, max: 120_000 } as const;

/**
 * Builds SDK v3 clients once per (class, region) for the run, each with the call-counting middleware.
 * `AWS_ENDPOINT_URL` (and the SDK's service-specific `AWS_ENDPOINT_URL_<SERVICE>`) is honoured by the
 * SDK itself, which is how tests point every client at moto_server.
 *
 * Every call made through a factory's client is given the run deadline's abort signal (combined with
 * one the caller passes), so a hung socket, a retry or a back-off never outlives the run.
 *
 * @example
 * const clients = new ClientFactory({ counter });
 * const iam = clients.get(IAMClient, 'us-east-1');
 */
export class ClientFactory {
  readonly counter: CallCounter;
  /** Attempts per call of `get` clients (first try included). */
  readonly maxAttempts: number;
  readonly requestTimeoutMs: number;
  /** Concurrency per heavy operation across this factory's regions (one account). */
  readonly limiter: OperationLimiter;
  private readonly options: ClientFactoryOptions;
  private runDeadline: RunDeadline | undefined;
  private readonly cache = new Map<string, Map<ClientClass<SdkClient>, Map<string, SdkClient>>>();

  constructor(options: ClientFactoryOptions = {}) {
    this.options = options;
    this.counter = options.counter ?? new CallCounter();
    this.maxAttempts = options.maxAttempts ?? defaults.maxAttempts;
    this.requestTimeoutMs =
      options.requestTimeoutMs ??
      envInteger(
        options.env ?? process.env,
        'DRIFTWATCH_REQUEST_TIMEOUT_MS',
        defaults.requestTimeoutMs,
        REQUEST_TIMEOUT_BOUNDS.min,
        REQUEST_TIMEOUT_BOUNDS.max,
      );
    this.runDeadline = options.deadline;
    this.limiter = new OperationLimiter({
      ...(options.operationLimits ? { table: options.operationLimits } : {}),
      heavyRequestTimeoutMs:
        options.heavyRequestTimeoutMs ??
        Math.max(
          this.requestTimeoutMs,
          Math.min(HEAVY_REQUEST_TIMEOUT_MAX_MS, HEAVY_TIMEOUT_FACTOR * this.requestTimeoutMs),
        ),
    });
  }

  /** The run deadline every call is aborted at, if any. */
  get deadline(): RunDeadline | undefined {
    return this.runDeadline;
  }

  /** Sets (or clears) the deadline for the calls that follow: the Lambda handler sets one per invocation. */
  setDeadline(deadline: RunDeadline | undefined): void {
    this.runDeadline = deadline;
  }

  /**
   * The longest one call can take with its retries: attempts × request timeout. The action loop
   * starts nothing with less than this (plus the publish reserve) left before the deadline.
   */
  get callWindowMs(): number {
    return this.maxAttempts * this.requestTimeoutMs;
  }

  /** A factory on other credentials (a member account) sharing the counter, timeouts and deadline. */
  withCredentials(credentials: AwsCredentialIdentityProvider): ClientFactory {
    const derived = new ClientFactory({
      ...this.options,
      counter: this.counter,
      credentials,
      requestTimeoutMs: this.requestTimeoutMs,
    });
    derived.setDeadline(this.runDeadline);
    return derived;
  }

  get<C extends SdkClient>(Client: ClientClass<C>, region: string): C {
    return this.cached('read', Client, region);
  }

  /**
   * A client for mutating calls: it retries throttling only, never a timeout, a lost response or a
   * 5xx (the call may have happened); the caller verifies those before it tries again.
   */
  forMutation<C extends SdkClient>(Client: ClientClass<C>, region: string): C {
    return this.cached('mutation', Client, region);
  }

  private cached<C extends SdkClient>(kind: 'read' | 'mutation', Client: ClientClass<C>, region: string): C {
    let byClass = this.cache.get(kind);
    if (!byClass) this.cache.set(kind, (byClass = new Map<ClientClass<SdkClient>, Map<string, SdkClient>>()));
    let byRegion = byClass.get(Client);
    if (!byRegion) byClass.set(Client, (byRegion = new Map<string, SdkClient>()));
    const cached = byRegion.get(region);
    if (cached) return cached as C;
    const client = this.build(Client, region, kind);
    byRegion.set(region, client);
    return client;
  }

  private build<C extends SdkClient>(Client: ClientClass<C>, region: string, kind: 'read' | 'mutation'): C {
    const client = new Client({
      region,
      maxAttempts: this.maxAttempts,
      retryMode: this.options.retryMode ?? defaults.retryMode,
      ...(kind === 'mutation' ? { retryStrategy: throttlingOnlyRetry(this.maxAttempts) } : {}),
      requestHandler: {
        connectionTimeout: Math.min(
          this.options.connectionTimeoutMs ?? defaults.connectionTimeoutMs,
          this.requestTimeoutMs,
        ),
        requestTimeout: this.requestTimeoutMs,
        // Without this, current @smithy/node-http-handler only logs a warning and waits forever.
        throwOnRequestTimeout: true,
      },
      ...(this.options.credentials ? { credentials: this.options.credentials } : {}),
      ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
    });
    const counter = this.counter;
    client.middlewareStack.add(
      (next: (args: unknown) => Promise<unknown>, context: { clientName: string; commandName: string }) =>
        async (args: unknown) => {
          counter.record(iamActionName(context.clientName, context.commandName));
          return next(args);
        },
      { step: 'initialize', name: 'driftwatchCallCounter' },
    );
    dropIdleSdkLogger(client);
    this.bindDeadline(client, kind);
    return client;
  }

  /**
   * Gives every `send` the run deadline's abort signal. The SDK takes the signal only as a `send`
   * option (a middleware cannot add it), so `send` is wrapped; the class's own `send` is looked up at
   * call time, so a test stubbing the prototype (aws-sdk-client-mock) still sees every call.
   */
  private bindDeadline(client: SdkClient, kind: 'read' | 'mutation'): void {
    const proto = Object.getPrototypeOf(client) as { send: Send };
    client.send = (command: unknown, options?: { abortSignal?: AbortSignal }) => {
      // Reads of heavy operations wait for a slot of their own limit and get the heavy socket timeout.
      const action = kind === 'read' ? commandAction(client, command) : undefined;
      return this.limiter.run(action, (requestTimeout) => {
        const deadline = this.runDeadline?.signal();
        const own = options?.abortSignal;
        const abortSignal = deadline && own ? AbortSignal.any([deadline, own]) : (deadline ?? own);
        return proto.send.call(client, command, {
          ...options,
          ...(abortSignal ? { abortSignal } : {}),
          ...(requestTimeout ? { requestTimeout } : {}),
        });
      });
    };
  }
}

/** IAM and other global services are called in the partition's home region. */
export const GLOBAL_SERVICE_REGION = 'us-east-1';
