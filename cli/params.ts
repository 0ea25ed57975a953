import * as z from 'zod/mini';
import { ValidationError } from '../lib/errors';
import { resolveRequest } from '../lib/request';
import type { Rule } from '../lib/rule';
import { describeValue, quote, truncate } from '../lib/validation';

/** Where rule parameters come from, lowest precedence first: `DRIFTWATCH_PARAMS`, `--params`, `--param`. */
export interface ParamSources {
  /** `DRIFTWATCH_PARAMS`: a JSON object, like the deployed function's variable. */
  readonly env?: string | undefined;
  /** `--params '{...}'`. */
  readonly json?: string | undefined;
  /** Each `--param key=value` (or `rule-id.key=value`). */
  readonly pairs?: readonly string[] | undefined;
}

/** One rule's parameters as the Lambda sees them: the function's defaults and the ad hoc payload's. */
export interface RuleParams {
  readonly defaults: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
}

type Origin = 'DRIFTWATCH_PARAMS' | '--params' | '--param';
type Layer = Map<string, Record<string, unknown>>;

/** The parameter names a rule declares (its zod schema's keys, as `driftwatch rules` lists them). */
export function paramNames(rule: Rule<never>): string[] {
  const schema = z.toJSONSchema(rule.params, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, unknown>;
  };
  return Object.keys(schema.properties ?? {});
}

/**
 * Rule parameters for a CLI scan, validated against each selected rule's schema by `resolveRequest`
 * (lib/request.ts) exactly as a deployed function validates its `DRIFTWATCH_PARAMS` (the defaults)
 * and its payload's `params` (the flags), before any AWS call. A key named `rule-id.key` (in
 * `--param`) or nested under a rule id (`{"iam-credentials":{"rotationDays":60}}`) sets that rule's
 * parameter; a bare key sets it for every selected rule that declares it, and is refused when none
 * does. Errors name the flag or variable, the rule and the accepted form (one line, exit 2).
 */
export function ruleParams(
  rules: readonly Rule<never>[],
  all: readonly Rule<never>[],
  sources: ParamSources,
): Map<string, RuleParams> {
  const ruleIds = new Set(all.map((r) => r.meta.id));
  const origins = new Map<string, Origin>(); // `${ruleId}\0${key}` → the source that set it last
  const defaults: Layer = new Map();
  const payload: Layer = new Map();
  const spread = (
    layer: Layer,
    origin: Origin,
    entries: readonly [string, string | undefined, unknown][],
  ) => {
    for (const [key, ruleId, value] of entries) {
      const targets =
        ruleId !== undefined
          ? rules.filter((r) => r.meta.id === ruleId)
          : rules.filter((r) => paramNames(r).includes(key));
      if (ruleId !== undefined && targets.length === 0) {
        if (origin === 'DRIFTWATCH_PARAMS') continue; // the variable may hold parameters of rules not scanned now
        throw new ValidationError(
          `${origin}: rule ${ruleId} is not selected (add --rule ${ruleId}, or drop its parameter ${quote(key, 60)}).`,
          [origin],
        );
      }
      if (targets.length === 0) {
        throw new ValidationError(
          `${origin}: no selected rule has a parameter ${quote(key, 60)}; expected one of ${declared(rules)} (driftwatch rules lists them with defaults).`,
          [origin],
        );
      }
      for (const rule of targets) {
        const params = layer.get(rule.meta.id) ?? {};
        params[key] = value;
        layer.set(rule.meta.id, params);
        origins.set(`${rule.meta.id}\0${key}`, origin);
      }
    }
  };
  if (sources.env !== undefined && sources.env.trim() !== '')
    spread(defaults, 'DRIFTWATCH_PARAMS', objectEntries('DRIFTWATCH_PARAMS', sources.env, ruleIds));
  if (sources.json !== undefined)
    spread(payload, '--params', objectEntries('--params', sources.json, ruleIds));
  spread(
    payload,
    '--param',
    (sources.pairs ?? []).map((pair) => pairEntry(pair, ruleIds)),
  );

  const out = new Map<string, RuleParams>();
  for (const rule of rules) {
    const resolved = { defaults: defaults.get(rule.meta.id) ?? {}, payload: payload.get(rule.meta.id) ?? {} };
    try {
      resolveRequest(rule, { params: resolved.defaults }, { params: resolved.payload });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      throw renamed(error, rule, origins);
    }
    out.set(rule.meta.id, resolved);
  }
  return out;
}

/** `{"key": v, "rule-id": {"key": v}}` as [key, rule id or undefined, value] entries. */
function objectEntries(
  origin: Origin,
  text: string,
  ruleIds: ReadonlySet<string>,
): [string, string | undefined, unknown][] {
  const example = `{"rotationDays":60} or {"iam-credentials":{"rotationDays":60}}`;
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError(
      `${origin}: expected a JSON object such as ${example}, got ${quote(text, 60)}.`,
      [origin],
    );
  }
  if (!isObject(value))
    throw new ValidationError(
      `${origin}: expected a JSON object such as ${example}, got ${describeValue(value)}.`,
      [origin],
    );
  return Object.entries(value).flatMap(([key, v]): [string, string | undefined, unknown][] =>
    ruleIds.has(key) && isObject(v)
      ? Object.entries(v).map(([k, inner]) => [k, key, inner])
      : [[key, undefined, v]],
  );
}

/** `key=value` or `rule-id.key=value`; the value is JSON when it parses as JSON (7, true, ["a"]), else text. */
function pairEntry(pair: string, ruleIds: ReadonlySet<string>): [string, string | undefined, unknown] {
  const eq = pair.indexOf('=');
  if (eq <= 0)
    throw new ValidationError(
      `--param: expected key=value or rule-id.key=value (e.g. --param iam-credentials.rotationDays=60), got ${quote(pair, 60)}.`,
      ['--param'],
    );
  const name = pair.slice(0, eq).trim();
  const text = pair.slice(eq + 1);
  const dot = name.indexOf('.');
  const prefix = dot > 0 ? name.slice(0, dot) : undefined;
  const [ruleId, key] =
    prefix !== undefined && ruleIds.has(prefix) ? [prefix, name.slice(dot + 1)] : [undefined, name];
  let value: unknown = text;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    // plain text: a tag key, a pattern
  }
  return [key, ruleId, value];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function declared(rules: readonly Rule<never>[]): string {
  const lists = rules
    .map((r) => [r.meta.id, paramNames(r)] as const)
    .filter(([, names]) => names.length > 0)
    .map(([id, names]) => `${id}: ${names.join(', ')}`);
  return truncate(lists.length > 0 ? lists.join('; ') : 'none (the selected rules take no parameters)', 240);
}

/**
 * resolveRequest's error names `params.key` (the payload) or `DRIFTWATCH_PARAMS.key` (the defaults);
 * the CLI names the flag that set the key and the rule: `--param iam-credentials.rotationDays: ...`.
 */
function renamed(
  error: ValidationError,
  rule: Rule<never>,
  origins: ReadonlyMap<string, Origin>,
): ValidationError {
  const ruleId = rule.meta.id;
  let message = error.message.replace(`Invalid parameters for rule ${ruleId}: `, '');
  const takes = paramNames(rule);
  const fields = error.fields.map((field) => {
    const [, key = '', ...rest] = field.split('.');
    const origin =
      origins.get(`${ruleId}\0${key}`) ??
      (field.startsWith('DRIFTWATCH_PARAMS') ? 'DRIFTWATCH_PARAMS' : '--param');
    const name = `${origin} ${[ruleId, key, ...rest].filter(Boolean).join('.')}`;
    const unknown = `${field}: unknown field`;
    message = message.includes(unknown)
      ? message.replace(
          unknown,
          `${name}: unknown parameter; ${ruleId} takes ${takes.length > 0 ? takes.join(', ') : 'no parameters'}`,
        )
      : message.replace(`${field}: `, `${name}: `);
    return origin;
  });
  return new ValidationError(message, fields, { cause: error });
}
