import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** One scripted reply: a status and body, or `hang` (accept the request, never answer). */
export type Reply =
  { readonly status: number; readonly body: string; readonly contentType?: string } | 'hang';

/**
 * A loopback HTTP server that answers requests with scripted replies in order (the last one
 * repeats), so the real SDK's retry, timeout and parsing code runs against known faults.
 */
export async function scriptedServer(replies: readonly Reply[]): Promise<{
  endpoint: string;
  requests: string[];
  close(): Promise<void>;
}> {
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
