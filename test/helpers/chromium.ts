import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import CDP from 'chrome-remote-interface';
import { freePort } from './moto';

/** A headless Debian chromium on a loopback DevTools port, with what a page did while it loaded. */
export interface Browser {
  /** Opens `url` in a fresh tab, waits for load, and returns the page's session. */
  open(url: string): Promise<Page>;
  stop(): Promise<void>;
}

export interface Page {
  /** Every request the page made (the document itself included). */
  readonly requests: string[];
  /** Console errors, uncaught exceptions and browser log errors (CSP violations among them). */
  readonly errors: string[];
  evaluate<T>(expression: string): Promise<T>;
  screenshot(): Promise<Buffer>;
  close(): Promise<void>;
}

/** Fails loudly when chromium is missing (.ci/run installs it): browser tests are never skipped. */
export async function startChromium(): Promise<Browser> {
  const port = await freePort();
  const profile = mkdtempSync(join(tmpdir(), 'driftwatch-chromium-'));
  const child: ChildProcess = spawn(
    'chromium',
    [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-breakpad',
      '--disable-crash-reporter',
      '--window-size=1280,900',
      `--user-data-dir=${profile}`,
      '--remote-debugging-address=127.0.0.1',
      `--remote-debugging-port=${port}`,
      'about:blank',
    ],
    // Its own process group, so stop() can end the renderer, utility and crashpad processes too.
    { stdio: 'ignore', detached: true },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (e) =>
      reject(new Error(`chromium could not start (apt-get install -y chromium): ${e.message}`)),
    ),
  );
  await Promise.race([waitForDevtools(port), spawnError]);
  return {
    open: (url) => openPage(port, url),
    async stop() {
      signalGroup(child, 'SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 5_000)))]);
      clearTimeout(timer);
      signalGroup(child, 'SIGKILL');
      await exited;
      // The browser's helper processes (storage, network, crashpad) write into the profile until
      // they are gone: wait for the whole group to end before removing it.
      await groupEnded(child);
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}

/** Sends `signal` to every process of the browser's group; a group already gone is fine. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
  }
}

/** Resolves once no process of the browser's group is left (bounded: 10 s, then it says so). */
async function groupEnded(child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') return;
      throw e;
    }
    if (Date.now() > deadline)
      throw new Error(`chromium's process group ${child.pid} did not end within 10 s of SIGKILL`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function waitForDevtools(port: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      await devtools(port, 'GET', '/json/version');
      return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`chromium did not open its DevTools port ${port} within 20 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function openPage(port: number, url: string): Promise<Page> {
  const target = (await (
    await fetch(`http://127.0.0.1:${port}/json/new?about:blank`, { method: 'PUT' })
  ).json()) as { id: string };
  const client = await CDP({ host: '127.0.0.1', port, target: target.id });
  const requests: string[] = [];
  const errors: string[] = [];
  client.on('Network.requestWillBeSent', (p) => requests.push(String((p.request as { url: string }).url)));
  client.on('Runtime.consoleAPICalled', (p) => {
    if (p.type === 'error') errors.push(`console.error: ${JSON.stringify(p.args)}`);
  });
  client.on('Runtime.exceptionThrown', (p) =>
    errors.push(`exception: ${JSON.stringify(p.exceptionDetails)}`),
  );
  client.on('Log.entryAdded', (p) => {
    const entry = p.entry as { level: string; text: string };
    if (entry.level === 'error') errors.push(`log: ${entry.text}`);
  });
  await Promise.all(
    ['Network.enable', 'Runtime.enable', 'Log.enable', 'Page.enable'].map((m) => client.send(m)),
  );
  const loaded = new Promise<void>((resolve) => client.on('Page.loadEventFired', () => resolve()));
  await client.send('Page.navigate', { url });
  await loaded;
  return {
    requests,
    errors,
    async evaluate<T>(expression: string) {
      const out = await client.send('Runtime.evaluate', { expression, returnByValue: true });
      if (out.exceptionDetails)
        throw new Error(`page script failed: ${JSON.stringify(out.exceptionDetails)}`);
      return (out.result as { value: T }).value;
    },
    async screenshot() {
      const shot = await client.send('Page.captureScreenshot', {
        format: 'png',
        captureBeyondViewport: true,
      });
      return Buffer.from(String(shot.data), 'base64');
    },
    close: () => client.close(),
  };
}

/** One DevTools HTTP call on a connection of its own (no keep-alive socket outlives the test). */
function devtools(port: number, method: string, path: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () =>
        res.statusCode === 200
          ? resolve(JSON.parse(body) as unknown)
          : reject(new Error(`DevTools ${path}: HTTP ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
    req.end();
  });
}
