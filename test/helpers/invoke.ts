import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

export type InvokeOutcome<T> =
  | { readonly ok: true; readonly result: T; readonly logs: string }
  | { readonly ok: false; readonly error: { name: string; message: string }; readonly logs: string };

const RUNNER = `
const fs = require('node:fs');
const [bundle, eventFile, outFile] = process.argv.slice(1);
const deadline = Date.now() + 300000;
const context = {
  functionName: 'driftwatch-test', functionVersion: '$LATEST', awsRequestId: 'test-request',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:driftwatch-test', memoryLimitInMB: '512',
  logGroupName: '/aws/lambda/driftwatch-test', logStreamName: 'test', callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => deadline - Date.now(),
};
const event = JSON.parse(fs.readFileSync(eventFile, 'utf8'));
Promise.resolve()
  .then(() => require(bundle).handler(event, context))
  .then((result) => fs.writeFileSync(outFile, JSON.stringify({ ok: true, result })))
  .catch((e) => fs.writeFileSync(outFile, JSON.stringify({ ok: false, error: { name: e.name, message: e.message } })));
`;

/**
 * Invokes a bundled handler (`dist/<fn>/index.js`, or a bundle's absolute path) in a fresh Node
 * process, as Lambda would: a cold start with only the given environment (no credentials or AWS
 * settings leak in from this machine).
 */
export async function invokeBundle<T = unknown>(
  fn: string,
  event: unknown,
  env: Readonly<Record<string, string>>,
): Promise<InvokeOutcome<T>> {
  const dir = mkdtempSync(join(tmpdir(), 'driftwatch-invoke-'));
  const eventFile = join(dir, 'event.json');
  const outFile = join(dir, 'out.json');
  writeFileSync(eventFile, JSON.stringify(event ?? null));
  const bundle = isAbsolute(fn) ? fn : resolve(__dirname, '..', '..', 'dist', fn, 'index.js');
  try {
    const logs = await new Promise<string>((resolvePromise, reject) => {
      const child = spawn(process.execPath, ['-e', RUNNER, bundle, eventFile, outFile], {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: dir,
          AWS_CONFIG_FILE: join(dir, 'none'),
          AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.once('error', reject);
      child.once('exit', () => resolvePromise(out));
    });
    const outcome = JSON.parse(readFileSync(outFile, 'utf8')) as InvokeOutcome<T>;
    return { ...outcome, logs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `invokeBundle` for a run that must succeed: its result, or an error carrying the handler's logs. */
export async function invokeOk<T = unknown>(
  fn: string,
  event: unknown,
  env: Readonly<Record<string, string>>,
): Promise<T> {
  const outcome = await invokeBundle<T>(fn, event, env);
  if (!outcome.ok) throw new Error(`invoke failed: ${outcome.error.message}\n${outcome.logs}`);
  return outcome.result;
}
