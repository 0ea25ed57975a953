import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { ValidationError } from '../lib/errors';
import { SEVERITIES } from '../lib/findings';
import type { Severity } from '../lib/findings';
import { regionsFromText } from '../lib/regions';
import { payloadSchema } from '../lib/request';
import type { RunPayload } from '../lib/request';
import type { Rule } from '../lib/rule';
import { parseOrThrow, quote, truncate } from '../lib/validation';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `util.parseArgs` with errors a person can act on: an unknown flag or a missing value names the flag
 * and the command's `--help`. A negative number after a flag that takes a value is that value
 * (`--max-changes -1`), so its range check, not parseArgs' "ambiguous", answers it.
 */
export function parseFlags<O extends Options>(command: string, argv: readonly string[], options: O) {
  try {
    return parseArgs({
      args: joinNegativeValues(argv, options),
      options,
      allowPositionals: false,
      strict: true,
    });
  } catch (error) {
    // Node 20 puts the class and code in the message: "TypeError [ERR_PARSE_ARGS_...]: Option ...".
    const message = (error instanceof Error ? error.message : String(error)).replace(
      /^\w*Error \[\w+\]: /,
      '',
    );
    const code = (error as { code?: string }).code;
    const flag = /'(-[^' ]*)/.exec(message)?.[1];
    let why = truncate(message);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') why = `unknown option ${truncate(flag ?? '', 60)}`.trim();
    else if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
      why = `unexpected argument ${truncate(/'([^']*)'/.exec(message)?.[1] ?? '', 60)}`.trim();
    else if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') why = truncate(message.replace(/\.$/, ''));
    throw new ValidationError(
      `${command}: ${why} (see driftwatch ${command} --help).`,
      [flag ?? '(arguments)'],
      {
        cause: error,
      },
    );
  }
}

/** `--flag -5` → `--flag=-5` for a flag that takes a value. */
function joinNegativeValues(argv: readonly string[], options: Options): string[] {
  const takesValue = (arg: string) => {
    const long = arg.startsWith('--') ? arg.slice(2) : undefined;
    const entry =
      long !== undefined ? options[long] : Object.values(options).find((o) => `-${o.short}` === arg);
    return entry?.type === 'string';
  };
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const next = argv[i + 1];
    if (next !== undefined && /^-\d/.test(next) && takesValue(arg)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** The scan flags that map onto the run payload (the same schema as the Lambda's ad hoc payload). */
export interface PayloadFlags {
  readonly regions?: string | undefined;
  readonly remediate?: boolean | undefined;
  readonly 'dry-run'?: boolean | undefined;
  readonly 'max-changes'?: string | undefined;
}

/** The flag behind each payload field, so an error names what the user typed. */
const FLAG_OF: Readonly<Record<string, string>> = {
  regions: '--regions',
  remediate: '--remediate',
  dryRun: '--dry-run',
  maxChanges: '--max-changes',
};

/**
 * Builds the run payload from the parsed scan flags and validates it with the Lambda's payload
 * schema (lib/request.ts), so `--max-changes` has the same bounds (0 to 10000) and `--regions` the
 * same checks and de-duplication as `maxChanges` and `regions` there; errors name the flag.
 * @example payloadFromFlags({ regions: 'us-east-1,us-east-1', 'max-changes': '5' })
 * // → { regions: ['us-east-1'], maxChanges: 5 }
 */
export function payloadFromFlags(flags: PayloadFlags): RunPayload {
  const maxChanges = flags['max-changes'];
  const candidate = {
    ...(flags.regions !== undefined ? { regions: regionsFromText(flags.regions) } : {}),
    ...(flags.remediate !== undefined ? { remediate: flags.remediate } : {}),
    ...(flags['dry-run'] !== undefined ? { dryRun: flags['dry-run'] } : {}),
    // A number stays a number, so the range check states the range; other text is shown as typed.
    ...(maxChanges !== undefined
      ? { maxChanges: /^\s*-?\d+(\.\d+)?\s*$/.test(maxChanges) ? Number(maxChanges) : maxChanges }
      : {}),
  };
  return parseOrThrow(payloadSchema, candidate, undefined, {
    fieldName: (path) => FLAG_OF[path[0] ?? ''] ?? path.join('.'),
  });
}

/** `--regions all` or `--regions us-east-1,eu-west-1` (known names, duplicates dropped), as `payloadFromFlags`. */
export function parseRegions(value: string | undefined): 'all' | string[] | undefined {
  return value === undefined ? undefined : payloadFromFlags({ regions: value }).regions;
}

export function parseSeverity(flag: string, value: string | undefined): Severity | undefined {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (!(SEVERITIES as readonly string[]).includes(lower)) {
    throw new ValidationError(`${flag}: expected one of ${SEVERITIES.join(', ')}, got ${quote(value)}.`, [
      flag,
    ]);
  }
  return lower as Severity;
}

export function parseChoice<C extends string>(flag: string, value: string, choices: readonly C[]): C {
  if (!(choices as readonly string[]).includes(value)) {
    throw new ValidationError(`${flag}: expected one of ${choices.join(', ')}, got ${quote(value)}.`, [flag]);
  }
  return value as C;
}

/** `--rule a --rule b` or `--rule a,b`; every id must be a registered rule. No `--rule`: all rules. */
export function selectRules(all: readonly Rule<never>[], ids: readonly string[] | undefined): Rule<never>[] {
  const wanted = (ids ?? [])
    .flatMap((id) => id.split(','))
    .map((id) => id.trim())
    .filter(Boolean);
  if (wanted.length === 0) return [...all];
  const unknown = wanted.filter((id) => !all.some((r) => r.meta.id === id));
  if (unknown.length > 0) {
    throw new ValidationError(
      `--rule: unknown rule ${truncate(unknown.map((u) => JSON.stringify(u)).join(', '))}; known rules: ${all.map((r) => r.meta.id).join(', ')}.`,
      ['--rule'],
    );
  }
  return all.filter((r) => wanted.includes(r.meta.id));
}

/** `--deadline`: when a scan must be finished by, as a duration from its start. */
export const DEADLINE = { defaultMs: 15 * 60_000, minMs: 60_000, maxMs: 12 * 3_600_000 } as const;

/**
 * `--deadline 15m` (also `90s`, `2h`): every AWS call of the scan is aborted when it passes, and no
 * change is started too close to it. From 1 minute to 12 hours; default 15 minutes.
 * @example parseDeadline('90s') // → 90000
 */
export function parseDeadline(value: string | undefined): number {
  if (value === undefined) return DEADLINE.defaultMs;
  const match = /^(\d{1,6})([smh])$/.exec(value.trim());
  const unit = { s: 1_000, m: 60_000, h: 3_600_000 } as const;
  const ms = match ? Number(match[1]) * unit[match[2] as keyof typeof unit] : NaN;
  if (!(ms >= DEADLINE.minMs && ms <= DEADLINE.maxMs)) {
    throw new ValidationError(
      `--deadline: expected a duration from 1m to 12h such as 90s, 15m or 2h, got ${quote(value)}.`,
      ['--deadline'],
    );
  }
  return ms;
}
