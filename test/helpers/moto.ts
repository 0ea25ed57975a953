import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A moto_server on a free 127.0.0.1 port; `stop()` ends it. */
export interface Moto {
  readonly endpoint: string;
  /** Environment for an SDK (or a bundled handler) pointed at this server, with dummy credentials. */
  readonly env: Readonly<Record<string, string>>;
  /** Wipes every resource (POST /moto-api/reset), so tests in one file start clean. */
  reset(): Promise<void>;
  /** moto's internal state, including every SNS message with its email body. */
  data(): Promise<MotoData>;
  stop(): Promise<void>;
}

export interface MotoData {
  sns?: { Topic?: { arn: string; sent_notifications?: [string, string, string, unknown, unknown][] }[] };
}

/** The dummy credentials moto accepts, and the region the tests seed in unless told otherwise. */
export const MOTO_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' } as const;
export const MOTO_REGION = 'us-east-1';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Fails loudly when moto_server is not installed: end-to-end tests are never silently skipped. */
export function requireMoto(): void {
  const found = spawnSync('moto_server', ['--help'], { stdio: 'ignore' });
  if (found.error || found.status !== 0) {
    throw new Error(
      'moto_server is not installed (pip install "moto[server]"); the end-to-end tests need it.',
    );
  }
}

async function waitUntilUp(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMs} ms`);
}

export async function startMoto(): Promise<Moto> {
  requireMoto();
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, MOTO_EC2_LOAD_DEFAULT_AMIS: 'false' },
    stdio: 'ignore',
  });
  try {
    await waitUntilUp(endpoint, child, 30_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const env = {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
    AWS_REGION: MOTO_REGION,
    AWS_DEFAULT_REGION: MOTO_REGION,
  };
  return {
    endpoint,
    env,
    async reset() {
      await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    },
    async data() {
      return (await (await fetch(`${endpoint}/moto-api/data.json`)).json()) as MotoData;
    },
    stop() {
      return new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3_000).unref();
      });
    },
  };
}

/** Points this process's SDK clients at moto (for seeding), returning a function that restores env. */
export function useMotoEnv(moto: Moto): () => void {
  const saved: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(moto.env)) {
    saved[key] = process.env[key];
    process.env[key] = value;
  }
  return () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/**
 * A moto_server for the enclosing `describe`: started in `beforeAll`, wiped before each test and
 * stopped in `afterAll`. With `processEnv`, this process's SDK clients point at it while the block
 * runs (see `useMotoEnv`). Returns a getter, since the server exists only once `beforeAll` has run.
 */
export function useMoto(options: { processEnv?: boolean } = {}): () => Moto {
  let moto: Moto | undefined;
  let restoreEnv: (() => void) | undefined;
  beforeAll(async () => {
    moto = await startMoto();
    if (options.processEnv) restoreEnv = useMotoEnv(moto);
  });
  afterAll(async () => {
    restoreEnv?.();
    await moto?.stop();
  });
  beforeEach(async () => {
    await moto?.reset();
  });
  return () => {
    if (!moto) throw new Error('moto_server is not running: call the getter inside a hook or a test');
    return moto;
  };
}

/** An SDK v3 client pointed at `moto` with the dummy credentials, e.g. `motoClient(moto, EC2Client)`. */
export function motoClient<C>(
  moto: Moto,
  Client: new (config: { region: string; endpoint: string; credentials: typeof MOTO_CREDENTIALS }) => C,
  region: string = MOTO_REGION,
): C {
  return new Client({ region, endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS });
}

/** Creates an S3 bucket on moto (a plain PUT, no S3 client needed), failing loudly if moto refuses. */
export async function createBucket(moto: Moto, name: string): Promise<void> {
  const res = await fetch(`${moto.endpoint}/${name}`, { method: 'PUT' });
  if (!res.ok) throw new Error(`moto refused to create bucket ${name}: HTTP ${res.status}`);
}
