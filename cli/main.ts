import { DriftwatchError, errorMessage, ValidationError } from '../lib/errors';
import { DRIFTWATCH_VERSION } from '../lib/version';
import type { CliIo } from './io';
import { EXIT } from './io';
import type { CommandSpec } from './completion';
import { completionScript } from './completion';
import { parseFlags } from './options';
import { REPORT_FLAGS, REPORT_HELP, reportCommand } from './report';
import { RULES_FLAGS, RULES_HELP, rulesCommand } from './rules';
import { scanCommand } from './scan';
import { SCAN_FLAGS, SCAN_HELP } from './scan-flags';
import { SNAPSHOT_FLAGS, SNAPSHOT_HELP, snapshotCommand } from './snapshot';
import { EVENTS_FLAGS, EVENTS_HELP, eventsCommand } from './events';

export const MAIN_HELP = `Usage: driftwatch <command> [options]

Compliance drift scanner for AWS: the same rules as the scheduled Lambda functions, from a terminal,
against a live account or a recorded snapshot file.

Commands:
  scan        Evaluate rules and print findings (table, json, ocsf, asff, junit or sarif).
  snapshot    Record what the rules read from a live account into a file, to scan offline later.
  rules       List the rules with their controls, permissions and parameters.
  report      Write an HTML posture report (heatmap, age, time to resolve, 90 days) from state or scans.
  events      Write upcoming EC2 scheduled events as an iCalendar feed (--format ics).
  completion  Print a shell completion script: source <(driftwatch completion bash) (or zsh).

Options:
  -h, --help     Show this help (driftwatch <command> --help for a command's options).
  -v, --version  Print driftwatch's version.

Try it with no AWS account:
  driftwatch scan --snapshot demo/demo-account.json
`;

const COMPLETION_HELP = `Usage: driftwatch completion bash|zsh

Prints a completion script for the shell, generated from the commands' flags (rule ids, regions,
formats and files complete too).

  bash: source <(driftwatch completion bash)      (or save it in /etc/bash_completion.d/driftwatch)
  zsh:  source <(driftwatch completion zsh)       (or save it as _driftwatch in a directory of $fpath)

Options:
  -h, --help  Show this help.
`;

const COMPLETION_FLAGS = { help: { type: 'boolean', short: 'h', default: false } } as const;

const COMMANDS = {
  scan: { run: scanCommand, help: SCAN_HELP, flags: SCAN_FLAGS },
  snapshot: { run: snapshotCommand, help: SNAPSHOT_HELP, flags: SNAPSHOT_FLAGS },
  rules: { run: rulesCommand, help: RULES_HELP, flags: RULES_FLAGS },
  report: { run: reportCommand, help: REPORT_HELP, flags: REPORT_FLAGS },
  events: { run: eventsCommand, help: EVENTS_HELP, flags: EVENTS_FLAGS },
  completion: { run: completionCommand, help: COMPLETION_HELP, flags: COMPLETION_FLAGS },
} as const;

/** Every command with its flags and its summary line of MAIN_HELP, for completion scripts. */
function commandSpecs(): CommandSpec[] {
  return Object.entries(COMMANDS).map(([name, c]) => ({
    name,
    summary: new RegExp(`^  ${name}\\s+(.*)$`, 'm').exec(MAIN_HELP)?.[1] ?? name,
    flags: c.flags,
    help: c.help,
  }));
}

/** `driftwatch completion bash|zsh`. */
async function completionCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [shell, ...rest] = argv;
  if (shell === undefined || shell.startsWith('-')) {
    const { values } = parseFlags('completion', argv, COMPLETION_FLAGS);
    if (values.help) {
      io.stdout.write(COMPLETION_HELP);
      return EXIT.ok;
    }
  }
  if (shell === undefined)
    throw new ValidationError(
      'completion: expected a shell, one of bash, zsh (e.g. driftwatch completion bash).',
      ['completion'],
    );
  parseFlags('completion', rest, COMPLETION_FLAGS);
  io.stdout.write(completionScript(shell, commandSpecs()));
  return EXIT.ok;
}

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
  // `driftwatch scan --format ocsf-jsonl | head`: a reader that stops early is not a crash.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? EXIT.ok);
  });
  process.exitCode = await main(argv, { stdout: process.stdout, stderr: process.stderr, env: process.env });
}
