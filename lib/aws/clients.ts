import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { CallCounter, iamActionName } from './call-counter';

/** What every SDK v3 client constructor accepts that driftwatch sets. */
interface ClientConfig {
  region: string;
  maxAttempts: number;
  retryMode: 'standard' | 'adaptive';
  credentials?: AwsCredentialIdentityProvider;
  requestHandler: { connectionTimeout: number; requestTimeout: number; throwOnRequestTimeout: boolean };
}

/** The part of an SDK v3 client the factory touches. */
interface SdkClient {
  middlewareStack: {
    add(middleware: unknown, options: { step: 'initialize'; name: string }): void;
  };
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
  readonly requestTimeoutMs?: number;
}

const defaults = {
  maxAttempts: 4,
  retryMode: 'adaptive',
  connectionTimeoutMs: 3_000,
  requestTimeoutMs: 15_000,
} as const;

/**
 * Builds SDK v3 clients once per (class, region) for the run, each with the call-counting middleware.
 * `AWS_ENDPOINT_URL` (and the SDK's service-specific `AWS_ENDPOINT_URL_<SERVICE>`) is honoured by the
 * SDK itself, which is how tests point every client at moto_server.
 *
 * @example
 * const clients = new ClientFactory({ counter });
 * const iam = clients.get(IAMClient, 'us-east-1');
 */
export class ClientFactory {
  readonly counter: CallCounter;
  private readonly options: ClientFactoryOptions;
  private readonly cache = new Map<ClientClass<SdkClient>, Map<string, SdkClient>>();

  constructor(options: ClientFactoryOptions = {}) {
    this.options = options;
    this.counter = options.counter ?? new CallCounter();
  }

  get<C extends SdkClient>(Client: ClientClass<C>, region: string): C {
    let byRegion = this.cache.get(Client);
    if (!byRegion) {
      byRegion = new Map();
      this.cache.set(Client, byRegion);
    }
    const cached = byRegion.get(region);
    if (cached) return cached as C;
    const client = new Client({
      region,
      maxAttempts: this.options.maxAttempts ?? defaults.maxAttempts,
      retryMode: this.options.retryMode ?? defaults.retryMode,
      requestHandler: {
        connectionTimeout: this.options.connectionTimeoutMs ?? defaults.connectionTimeoutMs,
        requestTimeout: this.options.requestTimeoutMs ?? defaults.requestTimeoutMs,
        // Without this, current @smithy/node-http-handler only logs a warning and waits forever.
        throwOnRequestTimeout: true,
      },
      ...(this.options.credentials ? { credentials: this.options.credentials } : {}),
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
    byRegion.set(region, client);
    return client;
  }
}

/** IAM and other global services are called in the partition's home region. */
export const GLOBAL_SERVICE_REGION = 'us-east-1';
