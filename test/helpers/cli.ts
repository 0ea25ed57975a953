import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'driftwatch.cjs');
export const DEMO_SNAPSHOT = join(ROOT, 'demo', 'demo-account.json');

/** How a CLI process ended: its exit code (null when killed), the signal that killed it, its output. */
export interface BinOutcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Builds dist/cli/index.js, which bin/driftwatch.cjs runs (the CLI bundle only: quick). */
export function buildCli(): void {
  execFileSync(process.execPath, [join(ROOT, 'esbuild.config.mjs'), '--cli'], { cwd: ROOT });
}

/**
 * Runs bin/driftwatch.cjs in a fresh process on this Node, with no AWS credentials or configuration
 * from this machine. A process still running after `killAfterMs` is killed with SIGKILL (a hang shows
 * as `signal: 'SIGKILL'`, never as a stuck test).
 */
export function runBin(
  args: readonly string[],
  options: { env?: Readonly<Record<string, string>>; killAfterMs?: number } = {},
): Promise<BinOutcome> {
  const home = mkdtempSync(join(tmpdir(), 'driftwatch-bin-'));
  return new Promise<BinOutcome>((done, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        AWS_CONFIG_FILE: join(home, 'none'),
        AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
        AWS_EC2_METADATA_DISABLED: 'true',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.killAfterMs ?? 60_000,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code, signal) => done({ code, signal, stdout, stderr }));
  }).finally(() => rmSync(home, { recursive: true, force: true }));
}

/** A scratch directory with a `write(name, value)` that stores JSON there and returns the path. */
export function scratch(prefix: string): {
  dir: string;
  write(name: string, value: unknown): string;
  remove(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    write(name, value) {
      const path = join(dir, name);
      writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
