import { ConfigError } from './errors';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Typed access to environment variables, read once at cold start. Each helper names the variable in
 * its error so a misconfigured function says exactly what to fix.
 */
export function envOptional(env: Env, key: string): string | undefined {
  const value = env[key];
  return value === undefined || value === '' ? undefined : value;
}

export function envBoolean(env: Env, key: string, fallback: boolean): boolean {
  const value = envOptional(env, key);
  if (value === undefined) return fallback;
  const normalised = value.toLowerCase();
  if (normalised === 'true' || normalised === '1') return true;
  if (normalised === 'false' || normalised === '0') return false;
  throw new ConfigError(key, `Environment variable ${key}: expected true or false, got "${value}".`);
}

export function envInteger(env: Env, key: string, fallback: number, min = 0): number {
  const value = envOptional(env, key);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) {
    throw new ConfigError(
      key,
      `Environment variable ${key}: expected a whole number >= ${min}, got "${value}".`,
    );
  }
  return parsed;
}

export function envJson(env: Env, key: string): unknown {
  const value = envOptional(env, key);
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch (error) {
    throw new ConfigError(key, `Environment variable ${key}: expected JSON, got "${value}".`, {
      cause: error,
    });
  }
}
