import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * What the proxy does to one request:
 * - `lose`: forward it (AWS does it), then reset the client's connection without a reply;
 * - `reset`: reset the connection without forwarding (nothing happens);
 * - `throttle`: answer the service's throttling error without forwarding;
 * - `server-error`: forward it, then answer HTTP 500 instead of the reply (it happened);
 * - `hang`: forward it, then hold the reply until `hangMs` (past the client's timeout) and reset.
 */
export type Fault = 'lose' | 'reset' | 'throttle' | 'server-error' | 'hang';
export const FAULTS: readonly Fault[] = ['lose', 'reset', 'throttle', 'server-error', 'hang'];

/** Faults for chosen requests of one operation: `nth` counts that operation's requests from 1. */
export interface ScheduledFault {
  readonly operation: string;
  readonly nth: readonly number[];
  readonly fault: Fault;
}

/** Faults drawn from a seeded PRNG, one draw per request, in arrival order. */
export interface RandomFaults {
  readonly seed: number;
  /** Probability that a request gets a fault. */
  readonly rate: number;
  readonly faults: readonly Fault[];
  /** Only these operations (default: every operation). */
  readonly operations?: readonly string[];
  /** Bound: at most this many faults in total. */
  readonly maxFaults: number;
  /** Bound: at most this many faults in a row on one operation, so retries can get through. @default 1 */
  readonly maxConsecutive?: number;
}

export interface FaultProxyOptions {
  /** The moto_server endpoint every request is forwarded to. */
  readonly target: string;
  readonly schedule?: readonly ScheduledFault[];
  readonly random?: RandomFaults;
  /** How long a `hang` holds the reply before resetting (longer than the client's request timeout). */
  readonly hangMs: number;
}

export interface ProxiedRequest {
  readonly index: number;
  readonly service: string;
  readonly operation: string;
  readonly fault?: Fault;
}

/** A loopback proxy in front of moto_server injecting faults; `stop()` ends it and every held reply. */
export interface FaultProxy {
  readonly endpoint: string;
  /** Every request, in arrival order, with the fault it got. */
  readonly log: readonly ProxiedRequest[];
  faults(): number;
  stop(): Promise<void>;
}

/** mulberry32: a small deterministic PRNG (same seed, same sequence). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The service (SigV4 credential scope) and operation (X-Amz-Target or the query `Action`). */
function identify(req: IncomingMessage, body: string): { service: string; operation: string } {
  const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(String(req.headers.authorization ?? ''));
  const target = req.headers['x-amz-target'];
  const operation =
    typeof target === 'string'
      ? (target.split('.').pop() ?? target)
      : (new URLSearchParams(body).get('Action') ?? 'Unknown');
  return { service: scope?.[1] ?? 'unknown', operation };
}

type Reply = { status: number; contentType: string; body: string };

/** Connection headers of moto's reply that do not carry over to the proxy's own (the body is whole). */
const HOP_BY_HOP = new Set(['transfer-encoding', 'connection', 'keep-alive']);

/** The service's own error shape: EC2 XML, the JSON protocols (DynamoDB, SQS) or the query XML (SNS, STS). */
function errorReply(service: string, json: boolean, kind: 'throttle' | 'server-error'): Reply {
  const throttle = kind === 'throttle';
  if (service === 'ec2') {
    const code = throttle ? 'RequestLimitExceeded' : 'InternalError';
    return {
      status: throttle ? 503 : 500,
      contentType: 'text/xml',
      body: `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>injected ${kind}</Message></Error></Errors><RequestID>fault</RequestID></Response>`,
    };
  }
  if (json) {
    const type = throttle ? 'ThrottlingException' : 'InternalServerError';
    return {
      status: throttle ? 400 : 500,
      contentType: 'application/x-amz-json-1.0',
      body: JSON.stringify({
        __type: `com.amazonaws.dynamodb.v20120810#${type}`,
        message: `injected ${kind}`,
      }),
    };
  }
  const code = throttle ? 'Throttling' : 'InternalFailure';
  return {
    status: throttle ? 400 : 500,
    contentType: 'text/xml',
    body: `<ErrorResponse><Error><Type>${throttle ? 'Sender' : 'Receiver'}</Type><Code>${code}</Code><Message>injected ${kind}</Message></Error><RequestId>fault</RequestId></ErrorResponse>`,
  };
}

/**
 * Starts the proxy on a free 127.0.0.1 port. Requests are forwarded to moto one at a time (as a real
 * service applies a conditional write atomically; moto does not under concurrent requests), so the
 * outcome of overlapping runs depends only on the code under test.
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const log: ProxiedRequest[] = [];
  const perOperation = new Map<string, number>();
  const consecutive = new Map<string, number>();
  const random = options.random ? prng(options.random.seed) : undefined;
  const held = new Set<NodeJS.Timeout>();
  let faults = 0;
  let queue: Promise<unknown> = Promise.resolve();

  const choose = (operation: string): Fault | undefined => {
    const nth = (perOperation.get(operation) ?? 0) + 1;
    perOperation.set(operation, nth);
    const scheduled = options.schedule?.find((s) => s.operation === operation && s.nth.includes(nth));
    let fault = scheduled?.fault;
    const r = options.random;
    if (!fault && r && random) {
      const draw = random();
      const pick = random();
      const eligible = !r.operations || r.operations.includes(operation);
      const inRow = consecutive.get(operation) ?? 0;
      if (eligible && draw < r.rate && faults < r.maxFaults && inRow < (r.maxConsecutive ?? 1))
        fault = r.faults[Math.floor(pick * r.faults.length)];
    }
    consecutive.set(operation, fault ? (consecutive.get(operation) ?? 0) + 1 : 0);
    if (fault) faults += 1;
    return fault;
  };

  const forward = (
    req: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> => {
    const run = () =>
      new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>((resolve, reject) => {
        const url = new URL(req.url ?? '/', options.target);
        const upstream = httpRequest(
          url,
          { method: req.method, headers: { ...req.headers, host: url.host } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const headers: Record<string, string> = {};
              for (const [k, v] of Object.entries(res.headers))
                if (typeof v === 'string' && !HOP_BY_HOP.has(k)) headers[k] = v;
              resolve({ status: res.statusCode ?? 500, headers, body: Buffer.concat(chunks) });
            });
            res.on('error', reject);
          },
        );
        upstream.on('error', reject);
        upstream.end(body);
      });
    const mine = queue.then(run, run);
    queue = mine.catch(() => undefined);
    return mine;
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const { service, operation } = identify(req, body.toString());
      const fault = choose(operation);
      log.push({ index: log.length, service, operation, ...(fault ? { fault } : {}) });
      const json = typeof req.headers['x-amz-target'] === 'string';
      const send = (reply: Reply) => {
        res.writeHead(reply.status, { 'content-type': reply.contentType });
        res.end(reply.body);
      };
      if (fault === 'reset') return void req.socket.destroy();
      if (fault === 'throttle') return send(errorReply(service, json, 'throttle'));
      void forward(req, body).then(
        (upstream) => {
          if (fault === 'lose') return void req.socket.destroy();
          if (fault === 'server-error') return send(errorReply(service, json, 'server-error'));
          if (fault === 'hang') {
            const timer = setTimeout(() => {
              held.delete(timer);
              req.socket.destroy();
            }, options.hangMs);
            held.add(timer);
            return;
          }
          res.writeHead(upstream.status, upstream.headers);
          res.end(upstream.body);
        },
        () => req.socket.destroy(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    log,
    faults: () => faults,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const timer of held) clearTimeout(timer);
        held.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
