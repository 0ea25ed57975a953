import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { ValidationError } from '../lib/errors';
import { SEVERITIES } from '../lib/findings';
import type { Severity } from '../lib/findings';
import { knownRegions } from '../lib/regions';
import type { Rule } from '../lib/rule';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `util.parseArgs` with errors a person can act on: an unknown flag or a missing value names the flag
 * and the command's `--help`.
 */
export function parseFlags<O extends Options>(command: string, argv: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: false, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: string }).code;
    const flag = /'(-[^']*)'/.exec(message)?.[1];
    let why = message;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') why = `unknown option ${flag ?? ''}`.trim();
    else if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
      why = `unexpected argument ${/'([^']*)'/.exec(message)?.[1] ?? ''}`.trim();
    else if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') why = message.replace(/\.$/, '');
    throw new ValidationError(
      `${command}: ${why} (see driftwatch ${command} --help).`,
      [flag ?? '(arguments)'],
      { cause: error },
    );
  }
}

/** `--regions all` or `--regions us-east-1,eu-west-1`, checked against known region names. */
export function parseRegions(value: string | undefined): 'all' | string[] | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === 'all') return 'all';
  const names = value
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  if (names.length === 0)
    throw new ValidationError(
      '--regions: expected "all" or a comma-separated list of regions, got nothing.',
      ['--regions'],
    );
  const known = knownRegions();
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new ValidationError(
      `--regions: unknown region ${unknown.map((u) => `"${u}"`).join(', ')}; expected AWS region names such as us-east-1, or "all".`,
      ['--regions'],
    );
  }
  return names;
}

export function parseSeverity(flag: string, value: string | undefined): Severity | undefined {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (!(SEVERITIES as readonly string[]).includes(lower)) {
    throw new ValidationError(`${flag}: expected one of ${SEVERITIES.join(', ')}, got "${value}".`, [flag]);
  }
  return lower as Severity;
}

export function parseChoice<C extends string>(flag: string, value: string, choices: readonly C[]): C {
  if (!(choices as readonly string[]).includes(value)) {
    throw new ValidationError(`${flag}: expected one of ${choices.join(', ')}, got "${value}".`, [flag]);
  }
  return value as C;
}

export function parseCount(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new ValidationError(`${flag}: expected a whole number >= 0, got "${value}".`, [flag]);
  return n;
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
      `--rule: unknown rule ${unknown.map((u) => `"${u}"`).join(', ')}; known rules: ${all.map((r) => r.meta.id).join(', ')}.`,
      ['--rule'],
    );
  }
  return all.filter((r) => wanted.includes(r.meta.id));
}
