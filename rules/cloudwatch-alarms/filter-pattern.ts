/**
 * How a CloudWatch Logs metric filter is compared with a benchmark pattern (CIS v5.0 4.1-4.15).
 *
 * Both patterns are reduced to a signature: the set of their conditions (`$.field op value`, each
 * with whitespace trimmed and the double quotes around a value dropped, so `$.eventName=DeleteTrail`
 * and `($.eventName = "DeleteTrail")` are one condition), plus how many `&&` and how many `||` join
 * them. Two patterns match when their signatures are equal. So the order of conditions, spacing,
 * quoting and redundant parentheses do not matter, and a pattern that joins the same conditions
 * with other connectives (every `||` made `&&`, which would match almost nothing) does not match.
 *
 * Limits, by design: the grouping is not compared (`(A || B) && C` and `A || (B && C)` have one
 * signature; the benchmark's own 4.1 and 4.13 patterns leave it to precedence); a condition written
 * another way that means the same (`$.x = "a*"` against a longer literal list) is a different
 * condition; extra conditions make the filter a different one, as Security Hub's CloudWatch.1-14
 * require the exact prescribed filter. Values are case-sensitive, as CloudWatch Logs compares them.
 */

/** A pattern as the comparison sees it. */
export interface PatternSignature {
  /** Normalised conditions, sorted and de-duplicated. */
  readonly conditions: readonly string[];
  readonly and: number;
  readonly or: number;
}

const OPERATOR = /^(\$[^\s=!<>]+)\s*(!=|>=|<=|=|>|<|NOT EXISTS|EXISTS|IS NULL|IS TRUE|IS FALSE)\s*(.*)$/s;

/** `$.eventName = "DeleteTrail"` → `$.eventName = DeleteTrail`; undefined when it is no condition. */
function condition(text: string): string | undefined {
  const m = OPERATOR.exec(text.trim());
  if (!m) return undefined;
  const [, field, op, raw] = m as unknown as [string, string, string, string];
  let value = raw.trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  return value === '' ? `${field} ${op}` : `${field} ${op} ${value}`;
}

/**
 * The signature of a JSON filter pattern (`{ ... }`); undefined for a pattern that is not one
 * (a term or space-delimited pattern cannot express the benchmark's conditions).
 */
export function patternSignature(pattern: string): PatternSignature | undefined {
  const body = pattern.trim();
  if (!body.startsWith('{') || !body.endsWith('}')) return undefined;
  const conditions = new Set<string>();
  let and = 0;
  let or = 0;
  let current = '';
  let quoted = false;
  const flush = (): boolean => {
    if (current.trim() === '') return true;
    const c = condition(current);
    current = '';
    if (c === undefined) return false;
    conditions.add(c);
    return true;
  };
  const text = body.slice(1, -1);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const pair = text.slice(i, i + 2);
    if (ch === '"') quoted = !quoted;
    if (!quoted && (pair === '&&' || pair === '||')) {
      if (!flush()) return undefined;
      if (pair === '&&') and += 1;
      else or += 1;
      i += 1;
    } else if (!quoted && (ch === '(' || ch === ')')) {
      if (!flush()) return undefined;
    } else current += ch;
  }
  if (quoted || !flush() || conditions.size === 0) return undefined;
  return { conditions: [...conditions].sort(), and, or };
}

/** Whether `filter` has the signature of one of `benchmark`'s patterns (see the file's comment). */
export function matchesBenchmark(filter: string, benchmark: readonly string[]): boolean {
  const got = patternSignature(filter);
  if (!got) return false;
  const key = (s: PatternSignature) => JSON.stringify(s);
  return benchmark.some((b) => {
    const want = patternSignature(b);
    return want !== undefined && key(want) === key(got);
  });
}
