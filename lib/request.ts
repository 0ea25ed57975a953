import * as z from 'zod/mini';
import { ConfigError } from './errors';
import type { TriggerContext } from './events/types';
import { envBoolean, envInteger, envJson, envOptional } from './env';
import { regionsFromText, regionsSchema } from './regions';
import type { Rule } from './rule';
import { describeValue, parseOrThrow, problemsError, zodValidationError } from './validation';

/** A validated run request: what to scan and whether to change anything. */
export interface RunRequest<P = unknown> {
  /** `all` enabled regions, or an explicit list (known region names, no duplicates). */
  readonly regions: 'all' | readonly string[];
  /** Plan actions but carry none out. */
  readonly dryRun: boolean;
  /** Carry out planned actions (unless `dryRun`). Off by default: a scan reports, it does not change. */
  readonly remediate: boolean;
  /** The most actions one run may carry out; the rest are reported as skipped for the next run. */
  readonly maxChanges: number;
  readonly params: P;
  /**
   * A member account to scan through its driftwatch role (AssumeRole), e.g. from the org dispatcher's
   * SQS message. Absent: the function's own account, as in single-account use.
   */
  readonly account?: string;
  /**
   * The API call that set off this run (an EventBridge "AWS API Call via CloudTrail" event,
   * lib/events/route.ts): named on the findings it broke and in the alert. Absent for a schedule
   * or an ad hoc payload; never read from a payload.
   */
  readonly trigger?: TriggerContext;
}

export const requestDefaults = {
  regions: 'all',
  dryRun: false,
  remediate: false,
  maxChanges: 25,
} as const;

/** Bounds of a run request: the most changes one run may make, and the largest payload read. */
export const requestLimits = {
  maxChanges: 10_000,
  /** Serialized (JSON) bytes; a bigger payload is refused before it is parsed or validated. */
  payloadBytes: 64 * 1024,
} as const;

const boolean = z.boolean({ error: (i) => `expected true or false, got ${describeValue(i.input)}` });
const wholeNumber = (min: number, max: number) => {
  const error = (i: { input?: unknown }) =>
    `expected a whole number from ${min} to ${max}, got ${describeValue(i.input)}`;
  return z.number({ error }).check(z.int({ error }), z.gte(min, { error }), z.lte(max, { error }));
};
const accountId = z
  .string({ error: (i) => `expected a 12-digit account id, got ${describeValue(i.input)}` })
  .check(
    z.regex(/^\d{12}$/, { error: (i) => `expected a 12-digit account id, got ${describeValue(i.input)}` }),
  );

const OBJECT_EXAMPLE = '{"regions":["us-east-1"]}';

/** The ad hoc payload (or schedule input): every field optional, unknown fields rejected. */
export const payloadSchema = z.strictObject(
  {
    regions: z.optional(regionsSchema),
    dryRun: z.optional(boolean),
    remediate: z.optional(boolean),
    maxChanges: z.optional(wholeNumber(0, requestLimits.maxChanges)),
    account: z.optional(accountId),
    params: z.optional(
      z.record(z.string(), z.unknown(), {
        error: (i) => `expected an object, got ${describeValue(i.input)}`,
      }),
    ),
  },
  {
    error: (i) =>
      i.code === 'unrecognized_keys'
        ? undefined
        : `expected a JSON object such as ${OBJECT_EXAMPLE}, got ${describeValue(i.input)}`,
  },
);

/** A validated payload (regions de-duplicated). */
export type RunPayload = z.output<typeof payloadSchema>;

/**
 * Recognises an EventBridge scheduled event envelope: the run then uses the function's defaults.
 * (A schedule with constant `input` delivers that input as the event itself: an ad hoc payload.)
 */
function isScheduledEvent(event: unknown): boolean {
  if (!event || typeof event !== 'object') return false;
  const e = event as Record<string, unknown>;
  return e.source === 'aws.events' && e['detail-type'] === 'Scheduled Event';
}

/**
 * Parses the invoke event into a payload, rejecting anything malformed with the field named. A
 * payload over `requestLimits.payloadBytes` is refused first: before JSON.parse for a string (an SQS
 * body), before validation for an object (the Lambda runtime has already parsed it).
 */
export function parsePayload(event: unknown): RunPayload {
  if (event === undefined || event === null || event === '' || isScheduledEvent(event)) return {};
  checkSize(event);
  let input: unknown = event;
  if (typeof event === 'string') {
    try {
      input = JSON.parse(event) as unknown;
    } catch (error) {
      const message = `expected a JSON object such as ${OBJECT_EXAMPLE}, got ${describeValue(event)}`;
      throw problemsError([{ field: '(payload)', message }], 'run request', error);
    }
  }
  return parseOrThrow(payloadSchema, input, 'run request');
}

function checkSize(event: unknown): void {
  let bytes: number;
  try {
    bytes = Buffer.byteLength(typeof event === 'string' ? event : (JSON.stringify(event) ?? ''));
  } catch {
    bytes = Infinity; // too deeply nested to serialise
  }
  if (bytes <= requestLimits.payloadBytes) return;
  const size = Number.isFinite(bytes) ? `${bytes} bytes` : 'a payload too deeply nested to measure';
  const message = `expected at most ${requestLimits.payloadBytes} bytes (64 KB) of JSON, got ${size}`;
  throw problemsError([{ field: '(payload)', message }], 'run request');
}

/** The environment variable behind each field of the function's defaults. */
const DEFAULTS_VARIABLES: Readonly<Record<string, string>> = {
  regions: 'DRIFTWATCH_REGIONS',
  dryRun: 'DRIFTWATCH_DRY_RUN',
  remediate: 'DRIFTWATCH_REMEDIATE',
  maxChanges: 'DRIFTWATCH_MAX_CHANGES',
  params: 'DRIFTWATCH_PARAMS',
};

/** The function's defaults, read once at cold start from its environment. Bad values name the variable. */
export function defaultsFromEnv(env: Readonly<Record<string, string | undefined>>): RunPayload {
  const regionsVar = envOptional(env, 'DRIFTWATCH_REGIONS');
  const params = envJson(env, 'DRIFTWATCH_PARAMS');
  const candidate = {
    ...(regionsVar ? { regions: regionsFromText(regionsVar) } : {}),
    dryRun: envBoolean(env, 'DRIFTWATCH_DRY_RUN', requestDefaults.dryRun),
    remediate: envBoolean(env, 'DRIFTWATCH_REMEDIATE', requestDefaults.remediate),
    maxChanges: envInteger(
      env,
      'DRIFTWATCH_MAX_CHANGES',
      requestDefaults.maxChanges,
      0,
      requestLimits.maxChanges,
    ),
    ...(params === undefined ? {} : { params }),
  };
  const parsed = payloadSchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  // A variable is one text: name it, not the position inside the list it was split into.
  const error = zodValidationError(parsed.error, undefined, {
    fieldName: (path) => DEFAULTS_VARIABLES[path[0] ?? ''] ?? path.join('.'),
  });
  const variable = error.fields[0] ?? 'DRIFTWATCH_PARAMS';
  throw new ConfigError(variable, `Environment variable ${error.message}`, { cause: error });
}

/** Merges defaults and payload (the payload wins) and validates the rule's params against its schema. */
export function resolveRequest<P>(rule: Rule<P>, defaults: RunPayload, payload: RunPayload): RunRequest<P> {
  const fromPayload = payload.params ?? {};
  const params = z.safeParse(rule.params, { ...defaults.params, ...fromPayload });
  if (!params.success) {
    // A parameter the payload did not set came from the function's DRIFTWATCH_PARAMS: name that.
    throw zodValidationError(params.error, `parameters for rule ${rule.meta.id}`, {
      prefix: 'params',
      fieldName: ([, key, ...rest]) =>
        [key === undefined || key in fromPayload ? 'params' : 'DRIFTWATCH_PARAMS', key, ...rest]
          .filter((part) => part !== undefined)
          .join('.'),
    });
  }
  return {
    regions: payload.regions ?? defaults.regions ?? requestDefaults.regions,
    dryRun: payload.dryRun ?? defaults.dryRun ?? requestDefaults.dryRun,
    remediate: payload.remediate ?? defaults.remediate ?? requestDefaults.remediate,
    maxChanges: payload.maxChanges ?? defaults.maxChanges ?? requestDefaults.maxChanges,
    params: params.data,
    ...(payload.account ? { account: payload.account } : {}),
  };
}
