import { RE2JS } from 're2js';
import { errorMessage } from './errors';

/** Longest pattern accepted: a pattern is a short selector, not a list of resources. */
export const MAX_PATTERN_LENGTH = 1000;

/** The syntax a suppression's `resourcePattern` accepts, as error messages state it. */
export const RESOURCE_PATTERN_SYNTAX =
  'a regular expression in RE2 syntax (https://github.com/google/re2/wiki/Syntax: no lookahead, ' +
  'lookbehind, backreferences or possessive quantifiers; repeat counts up to 1000) of at most ' +
  `${MAX_PATTERN_LENGTH} characters`;

/**
 * A pattern the whole resource id or ARN must match, matched by RE2 (re2js): time linear in the
 * length of the name whatever the pattern, so a user-supplied pattern such as `([a-z0-9:-]+)+x`,
 * which backtracks for minutes in a JavaScript RegExp, cannot stall a scan.
 */
export interface ResourcePattern {
  /** The pattern as written in the suppressions file. */
  readonly source: string;
  /** Whether the whole of `name` matches. */
  test(name: string): boolean;
}

/**
 * Why RE2 refuses the pattern (as "invalid or unsupported Perl syntax: `(?=`"), or undefined when it
 * compiles.
 */
export function resourcePatternError(source: string): string | undefined {
  if (source.length > MAX_PATTERN_LENGTH) return `too long (${source.length} characters)`;
  try {
    RE2JS.compile(source);
    return undefined;
  } catch (error) {
    return errorMessage(error).replace(/^error parsing regexp: /, '');
  }
}

/**
 * Compiles a whole-string resource pattern with RE2 semantics. Throws the RE2 syntax error for a
 * pattern {@link resourcePatternError} reports; validate first.
 *
 * @example
 * compileResourcePattern('vol-0a.*').test('vol-0abc') // true
 */
export function compileResourcePattern(source: string): ResourcePattern {
  const compiled = RE2JS.compile(source);
  return { source, test: (name) => compiled.matches(name) };
}
