import type { CliIo } from '../../../cli/io';
import { main } from '../../../cli/main';

export interface Captured {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with captured streams; `tty` makes both streams look like a terminal. */
export async function runCli(
  argv: readonly string[],
  options: { tty?: boolean; env?: CliIo['env'] } = {},
): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const tty = options.tty ?? false;
  const code = await main(argv, {
    stdout: { write: (t: string) => (stdout += t), isTTY: tty, columns: 120 },
    stderr: { write: (t: string) => (stderr += t), isTTY: tty, columns: 120 },
    env: options.env ?? {},
  });
  return { code, stdout, stderr };
}

export const DEMO = 'demo/demo-account.json';
