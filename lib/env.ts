import { ConfigError } from './errors';
import { quote } from './validation';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Typed access to environment variables, read once at cold start. Each helper names the variable in
 * its error so a misconfigured function says exactly what to fix.
 */
/** The variable's value, or undefined when it is unset or empty. */
export function envOptional(env: Env, key: string): string | undefined {
  const value = env[key];
  return value === undefined || value === '' ? undefined : value;
}

/** `true`/`1` or `false`/`0` (any case); unset: `fallback`. */
export function envBoolean(env: Env, key: string, fallback: boolean): boolean {
  const value = envOptional(env, key);
  if (value === undefined) return fallback;
  const normalised = value.toLowerCase();
  if (normalised === 'true' || normalised === '1') return true;
  if (normalised === 'false' || normalised === '0') return false;
  throw new ConfigError(key, `Environment variable ${key}: expected true or false, got ${quote(value)}.`);
}

/** A whole number from `min` to `max` (written in decimal digits); the error states the range. */
export function envInteger(env: Env, key: string, fallback: number, min = 0, max = Infinity): number {
  const value = envOptional(env, key);
  if (value === undefined) return fallback;
  const parsed = /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    const range = max === Infinity ? `>= ${min}` : `from ${min} to ${max}`;
    throw new ConfigError(
      key,
      `Environment variable ${key}: expected a whole number ${range}, got ${quote(value)}.`,
    );
  }
  return parsed;
}

/** The variable parsed as JSON (any JSON value), or undefined when it is unset. */
export function envJson(env: Env, key: string): unknown {
  const value = envOptional(env, key);
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch (error) {
    throw new ConfigError(key, `Environment variable ${key}: expected JSON, got ${quote(value)}.`, {
      cause: error,
    });
  }
}
