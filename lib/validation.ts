import * as z from 'zod/mini';
import { ValidationError } from './errors';
import './zod-locale';

/** The most characters of a user's input an error message echoes back. */
export const ECHO_LIMIT = 200;
/** The most problems one error message lists; the rest are counted. */
const SHOWN_PROBLEMS = 5;

/** `text` cut to `max` characters, with the cut said: `"aaaa… (780000 characters)"`. */
export function truncate(text: string, max = ECHO_LIMIT): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/** A received value as an error states it: `number 5`, `string "yes"`, `a list of 3 items`, `an object`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value))
    return value.length === 0
      ? 'an empty list'
      : `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `string ${quote(value)}`;
  const text =
    typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
      ? value.toString()
      : typeof value;
  return `${typeof value} ${truncate(text)}`;
}

/** A string as JSON would quote it (control characters escaped), cut to the echo limit: `"aaa…" (5000 characters)`. */
export function quote(text: string, max = ECHO_LIMIT): string {
  return text.length <= max
    ? JSON.stringify(text)
    : `${JSON.stringify(`${text.slice(0, max)}…`)} (${text.length} characters)`;
}

/** One problem: the field (dotted path, already renamed) and what is wrong with it. */
export interface Problem {
  readonly field: string;
  readonly message: string;
}

export interface ProblemOptions {
  /** Prepended to every path (`params`, `scope`); default none. */
  readonly prefix?: string;
  /**
   * Names a field for the user from its path (prefix included), e.g. `maxChanges` → `--max-changes`,
   * so a CLI flag or an environment variable is named instead of the payload field.
   */
  readonly fieldName?: (path: readonly string[]) => string;
  /** The name of the whole input, for a problem with no path. @default '(payload)' */
  readonly root?: string;
}

/** Zod issues as one problem per field; an unknown key is one `unknown field` problem per key. */
export function zodProblems(error: z.core.$ZodError, options: ProblemOptions = {}): Problem[] {
  const name = options.fieldName ?? ((path: readonly string[]) => path.join('.'));
  const problems: Problem[] = [];
  for (const issue of error.issues) {
    const path = [...(options.prefix ? [options.prefix] : []), ...issue.path.map(String)];
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
    for (const key of keys) {
      const full = key === undefined ? path : [...path, truncate(key, 60)];
      problems.push({
        field: (full.length > 0 ? name(full) : '') || (options.root ?? '(payload)'),
        message: key === undefined ? issue.message : 'unknown field',
      });
    }
  }
  return problems;
}

/**
 * One `ValidationError` for a list of problems: `Invalid run request: regions: expected ...; dryRun: ...`.
 * At most five problems are spelled out (the rest counted), so a hostile input cannot make the
 * message long. Without `what` the problems stand alone (`--max-changes: expected ...`).
 */
export function problemsError(problems: readonly Problem[], what?: string, cause?: unknown): ValidationError {
  const shown = problems.slice(0, SHOWN_PROBLEMS).map((p) => `${p.field}: ${p.message}`);
  const more = problems.length - shown.length;
  const text = `${shown.join('; ')}${more > 0 ? `; and ${more} more problem${more === 1 ? '' : 's'}` : ''}`;
  return new ValidationError(
    `${what ? `Invalid ${what}: ` : ''}${text}.`,
    problems.map((p) => p.field),
    cause === undefined ? undefined : { cause },
  );
}

/**
 * The one place zod errors become a `ValidationError` naming each field.
 * @example
 * const parsed = schema.safeParse(input);
 * if (!parsed.success) throw zodValidationError(parsed.error, 'run request');
 */
export function zodValidationError(
  error: z.core.$ZodError,
  what?: string,
  options: ProblemOptions = {},
): ValidationError {
  return problemsError(zodProblems(error, options), what, error);
}

/** Parses `input` with `schema`, or throws `zodValidationError` (see there). */
export function parseOrThrow<S extends z.core.$ZodType>(
  schema: S,
  input: unknown,
  what?: string,
  options: ProblemOptions = {},
): z.output<S> {
  const parsed = z.safeParse(schema, input);
  if (!parsed.success) throw zodValidationError(parsed.error, what, options);
  return parsed.data;
}
