import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';
import { errorMessage, ValidationError } from './errors';
import type { Finding, SuppressionMatch } from './findings';
import type { ResourcePattern } from './resource-pattern';
import { compileResourcePattern, RESOURCE_PATTERN_SYNTAX, resourcePatternError } from './resource-pattern';
import type { Problem } from './validation';
import { problemsError, zodProblems } from './validation';

/**
 * One accepted risk: which findings it covers (rule, and optionally account, region, check, resource
 * and tags; every given selector must match), why, who owns it and until when. Only FAIL findings
 * are suppressed; the suppression applies up to and including `expires` (UTC) and the finding comes
 * back, with a note, the day after.
 */
export interface Suppression {
  /** `suppressions[i]`: how errors and findings name the entry. */
  readonly entry: string;
  /** A rule id, or `*` for every rule. */
  readonly rule: string;
  readonly account?: string;
  readonly region?: string;
  readonly checkId?: string;
  /** The resource id or ARN, exactly. */
  readonly resource?: string;
  /** A pattern (RE2 syntax, linear-time matching) the whole resource id or ARN must match. */
  readonly resourcePattern?: ResourcePattern;
  /** Tags the resource must carry; the value `*` accepts any value. */
  readonly tags?: Readonly<Record<string, string>>;
  readonly reason: string;
  readonly owner: string;
  /** YYYY-MM-DD, the last day the suppression applies. */
  readonly expires: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD` of a moment, in UTC. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The latest expiry accepted at `now`: the same calendar day one year later. */
export function latestExpiry(now: Date): string {
  return utcDay(new Date(Date.UTC(now.getUTCFullYear() + 1, now.getUTCMonth(), now.getUTCDate())));
}

const text = (what: string) =>
  z
    .string({
      error: (i) => (i.input === undefined ? 'required' : `expected ${what}, got ${typeof i.input}`),
    })
    .check(z.trim(), z.minLength(1, { error: `expected ${what}, got an empty string` }));

function entrySchema(now: Date) {
  const latest = latestExpiry(now);
  return z
    .strictObject({
      rule: text('a rule id or "*"'),
      account: z.optional(z.string().check(z.regex(/^\d{12}$/, { error: 'expected a 12-digit account id' }))),
      region: z.optional(text('a region name')),
      checkId: z.optional(text('a check id')),
      resource: z.optional(text('a resource id or ARN')),
      resourcePattern: z.optional(
        text(RESOURCE_PATTERN_SYNTAX).check(
          z.refine((p) => resourcePatternError(p) === undefined, {
            error: (i) => `${resourcePatternError(String(i.input))}; expected ${RESOURCE_PATTERN_SYNTAX}`,
          }),
        ),
      ),
      tags: z.optional(
        z.record(z.string(), z.string(), { error: 'expected an object of tag names to values' }),
      ),
      reason: text('a sentence saying why the risk is accepted'),
      owner: text('who owns the decision (a person or team)'),
      expires: text('a date YYYY-MM-DD').check(
        z.regex(DAY, { error: (i) => `expected a date YYYY-MM-DD, got "${String(i.input)}"` }),
        z.refine(isRealDay, { error: (i) => `not a calendar date: "${String(i.input)}"` }),
        z.refine((day) => day <= latest, {
          error: (i) => `expected at most one year ahead (${latest} or earlier), got ${String(i.input)}`,
        }),
      ),
    })
    .check(
      z.refine((e) => !(e.resource && e.resourcePattern), {
        error: 'give resource (exact) or resourcePattern, not both',
        path: ['resourcePattern'],
      }),
    );
}

function fileSchema(now: Date) {
  return z.strictObject({
    $schema: z.optional(z.string()),
    version: z.literal(1, { error: 'expected 1' }),
    suppressions: z.array(entrySchema(now), { error: 'expected a list of suppressions' }),
  });
}

function isRealDay(day: string): boolean {
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && utcDay(parsed) === day;
}

/**
 * Validates a suppressions document (already parsed JSON). A malformed file, an entry without reason,
 * owner or expiry, an expiry more than a year after `now`, a bad pattern, or (when `knownRules` is
 * given) an unknown rule id is a ValidationError naming the file, the entry and the field.
 */
export function parseSuppressions(
  document: unknown,
  source: string,
  now: Date,
  knownRules?: readonly string[],
): Suppression[] {
  const parsed = z.safeParse(fileSchema(now), document);
  const problems: Problem[] = [];
  if (!parsed.success) {
    problems.push(
      ...zodProblems(parsed.error, { fieldName: (parts) => fieldName(parts, document), root: '(file)' }),
    );
  } else if (knownRules) {
    for (const [i, e] of parsed.data.suppressions.entries()) {
      if (e.rule !== '*' && !knownRules.includes(e.rule))
        problems.push({
          field: fieldName(['suppressions', String(i), 'rule'], document),
          message: `unknown rule "${e.rule}"; expected one of ${knownRules.join(', ')} or "*"`,
        });
    }
  }
  if (problems.length > 0 || !parsed.success) {
    throw problemsError(problems, `suppressions file ${source}`);
  }
  return parsed.data.suppressions.map((e, i) => ({
    entry: `suppressions[${i}]`,
    rule: e.rule,
    ...(e.account ? { account: e.account } : {}),
    ...(e.region ? { region: e.region } : {}),
    ...(e.checkId ? { checkId: e.checkId } : {}),
    ...(e.resource ? { resource: e.resource } : {}),
    ...(e.resourcePattern ? { resourcePattern: compileResourcePattern(e.resourcePattern) } : {}),
    ...(e.tags ? { tags: e.tags } : {}),
    reason: e.reason,
    owner: e.owner,
    expires: e.expires,
  }));
}

/** `suppressions[2] (rule cloudtrail-enabled).expires`: the entry by position and rule, then the field. */
function fieldName(path: readonly string[], document: unknown): string {
  if (path[0] !== 'suppressions' || path[1] === undefined) return path.join('.') || '(file)';
  const entries = (document as { suppressions?: unknown[] }).suppressions;
  const rule = (entries?.[Number(path[1])] as { rule?: unknown } | undefined)?.rule;
  const label = `suppressions[${path[1]}]${typeof rule === 'string' ? ` (rule ${rule})` : ''}`;
  return [label, ...path.slice(2)].join('.');
}

/** Reads and validates a suppressions file (the CLI's `--suppressions FILE`). */
export function loadSuppressionsFile(path: string, now: Date, knownRules?: readonly string[]): Suppression[] {
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new ValidationError(
      `Cannot read suppressions file ${path}: ${errorMessage(error)}.`,
      ['--suppressions'],
      {
        cause: error,
      },
    );
  }
  return parseSuppressions(document, path, now, knownRules);
}

/** Whether the entry's selectors all match the finding (expiry aside). */
export function matches(s: Suppression, f: Finding): boolean {
  if (s.rule !== '*' && s.rule !== f.ruleId) return false;
  if (s.account !== undefined && s.account !== f.account) return false;
  if (s.region !== undefined && s.region !== f.region) return false;
  if (s.checkId !== undefined && s.checkId !== f.checkId) return false;
  const names = [f.resource.id, ...(f.resource.arn ? [f.resource.arn] : [])];
  if (s.resource !== undefined && !names.includes(s.resource)) return false;
  if (s.resourcePattern !== undefined && !names.some((n) => s.resourcePattern?.test(n))) return false;
  for (const [key, value] of Object.entries(s.tags ?? {})) {
    const actual = f.resource.tags?.[key];
    if (actual === undefined || (value !== '*' && actual !== value)) return false;
  }
  return true;
}

/**
 * Applies suppressions to a run's findings: a FAIL finding matched by an entry that has not expired
 * becomes SUPPRESSED (with the entry's reason, owner and expiry); one matched only by expired entries
 * keeps FAIL and carries the expired entry, so the alert says why it came back.
 */
export function applySuppressions(
  findings: readonly Finding[],
  suppressions: readonly Suppression[],
  now: Date,
): Finding[] {
  const today = utcDay(now);
  return findings.map((f) => {
    if (f.status !== 'FAIL') return f;
    const matching = suppressions.filter((s) => matches(s, f));
    const active = matching.find((s) => today <= s.expires);
    if (active) return { ...f, status: 'SUPPRESSED', suppression: toMatch(active, false) };
    const expired = matching.sort((a, b) => b.expires.localeCompare(a.expires))[0];
    return expired ? { ...f, suppression: toMatch(expired, true) } : f;
  });
}

/** The sentence an alert carries when a finding is back because its suppression expired. */
export function expiredNote(s: SuppressionMatch): string {
  return `The suppression ${s.entry} (owner ${s.owner}: ${s.reason}) expired on ${s.expires}; this finding is reported again.`;
}

function toMatch(s: Suppression, expired: boolean): SuppressionMatch {
  return { entry: s.entry, reason: s.reason, owner: s.owner, expires: s.expires, expired };
}
