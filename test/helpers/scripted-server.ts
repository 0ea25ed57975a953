import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ClientFactory } from '../../lib/aws/clients';

/** Dummy static credentials, so SDK clients sign requests to a loopback server without a lookup. */
export const credentials = async () => ({ accessKeyId: 'a', secretAccessKey: 'b' });

/** One scripted reply: a status and body, or `hang` (accept the request, never answer). */
export type Reply =
  { readonly status: number; readonly body: string; readonly contentType?: string } | 'hang';

/**
 * A loopback HTTP server that answers requests with scripted replies in order (the last one
 * repeats), so the real SDK's retry, timeout and parsing code runs against known faults.
 */
export interface LoopbackServer {
  readonly endpoint: string;
  /** The body of every request received, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function scriptedServer(replies: readonly Reply[]): Promise<LoopbackServer> {
  const requests: string[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let data = '';
    req.on('data', (chunk: Buffer) => (data += chunk.toString()));
    req.on('end', () => {
      const reply = replies[Math.min(requests.length, replies.length - 1)] as Reply;
      requests.push(data);
      if (reply === 'hang') {
        hanging.push(res);
        return;
      }
      res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'text/xml' });
      res.end(reply.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** The AWS Query protocol error envelope (IAM, STS, SNS). */
export function queryError(code: string, message: string): string {
  return `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`;
}

/** Runs `fn` with AWS_ENDPOINT_URL pointed at `endpoint`, restoring it afterwards. */
export async function withEndpoint<T>(endpoint: string, fn: () => Promise<T>): Promise<T> {
  const saved = process.env.AWS_ENDPOINT_URL;
  process.env.AWS_ENDPOINT_URL = endpoint;
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = saved;
  }
}

/**
 * Serves a fixed body on a free 127.0.0.1 port, so the real SDK deserializer parses a recorded wire
 * response (point `AWS_ENDPOINT_URL` at `endpoint`). `close()` stops it.
 */
export function serveBody(body: string, status = 200, contentType = 'text/xml'): Promise<LoopbackServer> {
  return scriptedServer([{ status, body, contentType }]);
}

/**
 * Serves `body` as the endpoint of every SDK client of this process while `act` runs with a client
 * factory (one attempt, dummy credentials), then closes the server: what `act` returned, the request
 * bodies and the counted calls.
 */
export async function overTheWire<T>(
  body: string,
  status: number,
  act: (clients: ClientFactory) => Promise<T>,
): Promise<{ result: T; requests: string[]; calls: Record<string, number> }> {
  const server = await serveBody(body, status);
  try {
    const clients = new ClientFactory({ credentials, maxAttempts: 1 });
    const result = await withEndpoint(server.endpoint, () => act(clients));
    return { result, requests: server.requests, calls: clients.counter.snapshot() };
  } finally {
    await server.close();
  }
}
