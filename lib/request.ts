import { z } from 'zod';
import { ConfigError, ValidationError } from './errors';
import { envBoolean, envInteger, envJson, envOptional } from './env';
import { knownRegions } from './regions';
import type { Rule } from './rule';

/** A validated run request: what to scan and whether to change anything. */
export interface RunRequest<P = unknown> {
  /** `all` enabled regions, or an explicit list (validated against known region names). */
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
}

export const requestDefaults = {
  regions: 'all',
  dryRun: false,
  remediate: false,
  maxChanges: 25,
} as const;

const regionName = z.string().refine((name) => knownRegions().has(name), {
  error: (issue) =>
    `unknown region ${JSON.stringify(issue.input)}; expected an AWS region name such as us-east-1`,
});

/** The ad hoc payload (or schedule input): every field optional, unknown fields rejected. */
const payloadSchema = z.strictObject(
  {
    regions: z
      .union([z.literal('all'), z.array(regionName).min(1)], {
        error: (issue) =>
          issue.code === 'invalid_union'
            ? `expected "all" or a non-empty list of region names, got ${describe(issue.input)}`
            : undefined,
      })
      .optional(),
    dryRun: z.boolean({ error: (i) => `expected true or false, got ${describe(i.input)}` }).optional(),
    remediate: z.boolean({ error: (i) => `expected true or false, got ${describe(i.input)}` }).optional(),
    maxChanges: z
      .number({ error: (i) => `expected a whole number >= 0, got ${describe(i.input)}` })
      .int()
      .min(0)
      .max(10_000)
      .optional(),
    account: z
      .string({ error: (i) => `expected a 12-digit account id, got ${describe(i.input)}` })
      .regex(/^\d{12}$/, { error: (i) => `expected a 12-digit account id, got ${describe(i.input)}` })
      .optional(),
    params: z
      .record(z.string(), z.unknown(), { error: (i) => `expected an object, got ${describe(i.input)}` })
      .optional(),
  },
  {
    error: (i) =>
      i.code === 'unrecognized_keys' ? undefined : `expected a JSON object, got ${describe(i.input)}`,
  },
);

export type RunPayload = z.infer<typeof payloadSchema>;

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** Turns zod issues into one sentence per field, e.g. `regions: expected "all" or ..., got number 5`. */
function toValidationError(error: z.ZodError, prefix: string, what: string): ValidationError {
  const fields: string[] = [];
  const lines: string[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const field = [prefix, ...issue.path.map(String), key].filter(Boolean).join('.');
        fields.push(field);
        lines.push(`${field}: unknown field`);
      }
      continue;
    }
    const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(payload)';
    fields.push(field);
    lines.push(`${field}: ${issue.message}`);
  }
  return new ValidationError(`Invalid ${what}: ${lines.join('; ')}.`, fields, { cause: error });
}

/**
 * Recognises an EventBridge scheduled event envelope: the run then uses the function's defaults.
 * (A schedule with constant `input` delivers that input as the event itself: an ad hoc payload.)
 */
function isScheduledEvent(event: unknown): boolean {
  if (!event || typeof event !== 'object') return false;
  const e = event as Record<string, unknown>;
  return e.source === 'aws.events' && e['detail-type'] === 'Scheduled Event';
}

/** Parses the invoke event into a payload, rejecting anything malformed with the field named. */
export function parsePayload(event: unknown): RunPayload {
  if (event === undefined || event === null || event === '' || isScheduledEvent(event)) return {};
  let input: unknown = event;
  if (typeof event === 'string') {
    try {
      input = JSON.parse(event) as unknown;
    } catch (error) {
      throw new ValidationError(
        `Invalid run request: expected a JSON object, got a string that is not JSON.`,
        ['(payload)'],
        {
          cause: error,
        },
      );
    }
  }
  const parsed = payloadSchema.safeParse(input);
  if (!parsed.success) throw toValidationError(parsed.error, '', 'run request');
  return parsed.data;
}

/** The function's defaults, read once at cold start from its environment. Bad values name the variable. */
export function defaultsFromEnv(env: Readonly<Record<string, string | undefined>>): RunPayload {
  const regionsVar = envOptional(env, 'DRIFTWATCH_REGIONS');
  const params = envJson(env, 'DRIFTWATCH_PARAMS');
  const candidate = {
    ...(regionsVar
      ? { regions: regionsVar === 'all' ? 'all' : regionsVar.split(',').map((r) => r.trim()) }
      : {}),
    dryRun: envBoolean(env, 'DRIFTWATCH_DRY_RUN', requestDefaults.dryRun),
    remediate: envBoolean(env, 'DRIFTWATCH_REMEDIATE', requestDefaults.remediate),
    maxChanges: envInteger(env, 'DRIFTWATCH_MAX_CHANGES', requestDefaults.maxChanges),
    ...(params === undefined ? {} : { params: params as Record<string, unknown> }),
  };
  const parsed = payloadSchema.safeParse(candidate);
  if (!parsed.success) {
    const error = toValidationError(parsed.error, '', 'defaults');
    const variable = error.fields[0]?.startsWith('regions') ? 'DRIFTWATCH_REGIONS' : 'DRIFTWATCH_PARAMS';
    throw new ConfigError(variable, `Environment variable ${variable}: ${error.message}`, { cause: error });
  }
  return parsed.data;
}

/** Merges defaults and payload (the payload wins) and validates the rule's params against its schema. */
export function resolveRequest<P>(rule: Rule<P>, defaults: RunPayload, payload: RunPayload): RunRequest<P> {
  const params = rule.params.safeParse({ ...defaults.params, ...payload.params });
  if (!params.success) throw toValidationError(params.error, 'params', `parameters for rule ${rule.meta.id}`);
  return {
    regions: payload.regions ?? defaults.regions ?? requestDefaults.regions,
    dryRun: payload.dryRun ?? defaults.dryRun ?? requestDefaults.dryRun,
    remediate: payload.remediate ?? defaults.remediate ?? requestDefaults.remediate,
    maxChanges: payload.maxChanges ?? defaults.maxChanges ?? requestDefaults.maxChanges,
    params: params.data,
    ...(payload.account ? { account: payload.account } : {}),
  };
}
