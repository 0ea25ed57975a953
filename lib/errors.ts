/**
 * Every error driftwatch raises on purpose. Each has a stable `code`, a sentence a user can act on,
 * and keeps the underlying SDK error as `cause`.
 */
export class DriftwatchError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DriftwatchError';
    this.code = code;
  }
}

/** An invoke payload, CLI flag or rule parameter is malformed. Raised before any AWS call. */
export class ValidationError extends DriftwatchError {
  /** Dotted path of each offending field, e.g. `regions` or `params.lookaheadDays`. */
  readonly fields: readonly string[];
  constructor(message: string, fields: readonly string[], options?: ErrorOptions) {
    super('ValidationError', message, options);
    this.name = 'ValidationError';
    this.fields = fields;
  }
}

/** A required environment variable is missing or malformed. */
export class ConfigError extends DriftwatchError {
  readonly variable: string;
  constructor(variable: string, message: string, options?: ErrorOptions) {
    super('ConfigError', message, options);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

/**
 * An inventory read failed (AccessDenied, throttled out, region disabled, ...). The engine turns it into
 * an ERROR finding for the region or check; it is never mistaken for "nothing there".
 */
export class InventoryReadError extends DriftwatchError {
  readonly read: string;
  readonly region: string;
  /** The AWS error code (`AccessDeniedException`, `ThrottlingException`, ...) or `Unknown`. */
  readonly awsCode: string;
  constructor(read: string, region: string, awsCode: string, message: string, options?: ErrorOptions) {
    super('InventoryReadError', message, options);
    this.name = 'InventoryReadError';
    this.read = read;
    this.region = region;
    this.awsCode = awsCode;
  }
}

/** A snapshot file cannot be used: truncated, unknown version, or missing a section a rule reads. */
export class SnapshotError extends DriftwatchError {
  constructor(message: string, options?: ErrorOptions) {
    super('SnapshotError', message, options);
    this.name = 'SnapshotError';
  }
}

/** A snapshot holds no value for a read a rule makes (not recorded for that rule, or by an older driftwatch). */
export class SnapshotReadMissingError extends SnapshotError {
  constructor(
    readonly read: string,
    readonly key: string,
    message: string,
  ) {
    super(message);
    this.name = 'SnapshotReadMissingError';
  }
}

/** Publishing the run's findings failed; the function fails so Lambda's retry and DLQ apply. */
export class PublishError extends DriftwatchError {
  constructor(message: string, options?: ErrorOptions) {
    super('PublishError', message, options);
    this.name = 'PublishError';
  }
}

/** An optional integration (Security Hub export, report upload) failed; alerts are unaffected. */
export class IntegrationError extends DriftwatchError {
  constructor(message: string, options?: ErrorOptions) {
    super('IntegrationError', message, options);
    this.name = 'IntegrationError';
  }
}

/**
 * The Security Hub export stopped at a batch after its retries: how far it got, so the run's
 * summary says what was imported and what was not (lib/integrations/securityhub.ts).
 */
export class SecurityHubExportError extends IntegrationError {
  constructor(
    message: string,
    /** Findings Security Hub accepted before the failed call. */
    readonly imported: number,
    /** Findings refused so far plus those of the failed call and of the calls not made. */
    readonly failed: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'SecurityHubExportError';
  }
}

/**
 * A change whose call may or may not have happened (its response was lost and it could not be
 * checked, or the run deadline cut it off). Reported as a failed action; the next run's listing shows
 * whether it happened, and plans from that.
 */
export class ChangeOutcomeUnknownError extends DriftwatchError {
  constructor(message: string, options?: ErrorOptions) {
    super('ChangeOutcomeUnknown', message, options);
    this.name = 'ChangeOutcomeUnknownError';
  }
}

/** The AWS error code of any thrown value: SDK v3 puts it in `name` (and `Code` for some protocols). */
export function awsErrorCode(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { Code?: unknown; name?: unknown; code?: unknown };
    for (const candidate of [e.Code, e.code, e.name]) {
      if (typeof candidate === 'string' && candidate !== 'Error' && candidate !== '') return candidate;
    }
  }
  return 'Unknown';
}

/** A short message for any thrown value. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
