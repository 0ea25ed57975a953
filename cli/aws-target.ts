import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { errorMessage, ValidationError } from '../lib/errors';
import { quote } from '../lib/validation';
import type { CliIo } from './io';
import { parseRegions } from './options';

/** `--profile` and `--region` as the AWS CLI uses them. */
export interface AwsTarget {
  /** A named profile of the shared config or credentials file (what AWS_PROFILE selects). */
  readonly profile?: string;
  /** The one region scanned, and the region the account-wide calls (STS, DescribeRegions) go to. */
  readonly region?: string;
}

/**
 * Checks `--profile` and `--region` before any AWS call: the profile must be a section of the shared
 * config file (`[profile NAME]`, `[default]`) or credentials file (`[NAME]`), honouring
 * AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE as the SDK does; the region one known region name.
 */
export function parseAwsTarget(
  flags: { readonly profile?: string | undefined; readonly region?: string | undefined },
  env: CliIo['env'],
): AwsTarget {
  const target: { profile?: string; region?: string } = {};
  if (flags.region !== undefined) {
    const one = flags.region.trim();
    let regions: 'all' | string[] | undefined;
    try {
      regions = /[,\s]/.test(one) || one === 'all' ? undefined : parseRegions(one);
    } catch (error) {
      throw new ValidationError(errorMessage(error).replace(/^--regions:/, '--region:'), ['--region'], {
        cause: error,
      });
    }
    if (!Array.isArray(regions) || regions.length !== 1)
      throw new ValidationError(
        `--region: expected one region name such as eu-west-1 (--regions takes a list or "all"), got ${quote(flags.region, 60)}.`,
        ['--region'],
      );
    target.region = regions[0];
  }
  if (flags.profile !== undefined) {
    const profile = flags.profile.trim();
    const files = sharedFiles(env);
    const known = new Set(files.flatMap((f) => profilesIn(f.path, f.kind)));
    if (profile === '' || !known.has(profile)) {
      const where = files.map((f) => f.path).join(' or ');
      const list =
        known.size > 0 ? `one of ${[...known].sort().join(', ')}` : 'a profile (none are configured)';
      throw new ValidationError(
        `--profile: no profile ${quote(flags.profile, 60)} in ${where}; expected ${list} (aws configure list-profiles).`,
        ['--profile'],
      );
    }
    target.profile = profile;
  }
  return target;
}

/**
 * Points the SDK at the target, as `aws --profile P --region R` would: the SDK's credential chain
 * reads AWS_PROFILE, and driftwatch's account-wide reads go to AWS_REGION. Returns a function that
 * puts the environment back (for in-process tests).
 */
export function applyAwsTarget(target: AwsTarget, env: NodeJS.ProcessEnv = process.env): () => void {
  const saved = { AWS_PROFILE: env.AWS_PROFILE, AWS_REGION: env.AWS_REGION };
  if (target.profile !== undefined) env.AWS_PROFILE = target.profile;
  if (target.region !== undefined) env.AWS_REGION = target.region;
  return () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete env[key];
      else env[key] = value;
    }
  };
}

function sharedFiles(env: CliIo['env']): { path: string; kind: 'config' | 'credentials' }[] {
  const home = env.HOME ?? env.USERPROFILE ?? homedir();
  return [
    { path: env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config'), kind: 'config' },
    { path: env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws', 'credentials'), kind: 'credentials' },
  ];
}

/** Profile names in an INI file: `[profile x]` and `[default]` in config, `[x]` in credentials. */
function profilesIn(path: string, kind: 'config' | 'credentials'): string[] {
  if (!existsSync(path)) return [];
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  const names: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const section = /^\s*\[\s*([^\]]+?)\s*\]\s*$/.exec(line)?.[1];
    if (section === undefined) continue;
    if (kind === 'credentials') names.push(section);
    else if (section === 'default') names.push(section);
    else {
      const named = /^profile\s+(.+)$/.exec(section)?.[1];
      if (named !== undefined) names.push(named.trim());
    }
  }
  return names;
}
