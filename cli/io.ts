/** What the CLI writes to and reads from, injected so tests run it in-process. */
export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/** Exit codes: 0 done, 1 FAIL findings at or above `--fail-on`, 2 could not run (bad flag, file, credentials). */
export const EXIT = { ok: 0, failOn: 1, error: 2 } as const;

/**
 * Colour on a TTY unless NO_COLOR is set (https://no-color.org) or TERM is dumb. FORCE_COLOR
 * (https://force-color.org) wins over both, as in Node itself: set to anything but `0` or `false` it
 * colours even piped output and `--output FILE`; `FORCE_COLOR=0` never colours.
 */
export function useColour(stream: OutputStream | undefined, env: CliIo['env']): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.trim().toLowerCase());
  return stream?.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '') && env.TERM !== 'dumb';
}
