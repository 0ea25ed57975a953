import { DriftwatchError, errorMessage } from '../lib/errors';
import { DRIFTWATCH_VERSION } from '../lib/version';
import type { CliIo } from './io';
import { EXIT } from './io';
import { REPORT_HELP, reportCommand } from './report';
import { RULES_HELP, rulesCommand } from './rules';
import { SCAN_HELP, scanCommand } from './scan';
import { SNAPSHOT_HELP, snapshotCommand } from './snapshot';

export const MAIN_HELP = `Usage: driftwatch <command> [options]

Compliance drift scanner for AWS: the same rules as the scheduled Lambda functions, from a terminal,
against a live account or a recorded snapshot file.

Commands:
  scan       Evaluate rules and print findings (table, json or ocsf).
  snapshot   Record what the rules read from a live account into a file, to scan offline later.
  rules      List the rules with their controls and permissions.
  report     Write an HTML posture report (heatmap, age, time to resolve, 90 days) from state or scans.

Run driftwatch <command> --help for its options. Try it with no AWS account:
  driftwatch scan --snapshot demo/demo-account.json
`;

const COMMANDS = {
  scan: { run: scanCommand, help: SCAN_HELP },
  snapshot: { run: snapshotCommand, help: SNAPSHOT_HELP },
  rules: { run: rulesCommand, help: RULES_HELP },
  report: { run: reportCommand, help: REPORT_HELP },
} as const;

/**
 * Runs the CLI and returns its exit code. Every error is one line on stderr (no stack trace unless
 * DRIFTWATCH_DEBUG is set) and exit code 2.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h') {
      io.stdout.write(MAIN_HELP);
      return EXIT.ok;
    }
    if (command === '--version' || command === '-v') {
      io.stdout.write(`driftwatch ${DRIFTWATCH_VERSION}\n`);
      return EXIT.ok;
    }
    if (command === 'help') {
      const topic = rest[0];
      io.stdout.write(topic && topic in COMMANDS ? COMMANDS[topic as keyof typeof COMMANDS].help : MAIN_HELP);
      return EXIT.ok;
    }
    if (!(command in COMMANDS)) {
      io.stderr.write(
        `driftwatch: unknown command "${command}"; expected one of ${Object.keys(COMMANDS).join(', ')} (see driftwatch --help).\n`,
      );
      return EXIT.error;
    }
    return await COMMANDS[command as keyof typeof COMMANDS].run(rest, io);
  } catch (error) {
    const known = error instanceof DriftwatchError;
    const line = known ? errorMessage(error) : `unexpected error: ${errorMessage(error)}`;
    io.stderr.write(`driftwatch: ${line.split('\n')[0]}\n`);
    if (io.env.DRIFTWATCH_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return EXIT.error;
  }
}

/** The process entry point (bin/driftwatch.cjs): real streams and environment, sets the exit code. */
export async function runCli(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  process.exitCode = await main(argv, { stdout: process.stdout, stderr: process.stderr, env: process.env });
}
