import * as z from 'zod/mini';
import { describeValue, quote } from './validation';

/**
 * Region names driftwatch accepts in a run request. A request is validated against this list before
 * any AWS call; at run time it is intersected with the regions enabled for the account
 * (DescribeRegions), and a requested region that is not enabled becomes an ERROR finding.
 * Set DRIFTWATCH_EXTRA_REGIONS (comma-separated) to accept a region launched after this list.
 */
export const KNOWN_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'cn-north-1',
  'cn-northwest-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-gov-east-1',
  'us-gov-west-1',
  'us-west-1',
  'us-west-2',
] as const;

/** Comma-separated names, trimmed, empties dropped: `"us-east-1, eu-west-1,"` → two names. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
}

/** The known region names plus DRIFTWATCH_EXTRA_REGIONS (comma-separated). */
export function knownRegions(extra: string | undefined = process.env.DRIFTWATCH_EXTRA_REGIONS): Set<string> {
  return new Set<string>([...KNOWN_REGIONS, ...splitList(extra ?? '')]);
}

/** `--regions` or DRIFTWATCH_REGIONS text as the payload would say it: `"all"`, or a list of names. */
export function regionsFromText(text: string): 'all' | string[] {
  return text.trim() === 'all' ? 'all' : splitList(text);
}

/**
 * The one region-list check, for the payload, DRIFTWATCH_REGIONS and `--regions` alike (text goes
 * through `regionsFromText` first): `"all"`, or a list of 1 to N names, N being the number of known
 * regions, so a list of copies is refused before each name is checked. Each name must be known;
 * duplicates are dropped, first occurrence kept, so a region is never scanned twice.
 */
export const regionsSchema = z.pipe(
  z.union([z.literal('all'), z.array(z.unknown())], {
    error: (issue) => `expected "all" or a non-empty list of region names, got ${describeValue(issue.input)}`,
  }),
  z.transform((list, ctx): 'all' | string[] => {
    if (list === 'all') return 'all';
    const known = knownRegions();
    const extra = known.size > KNOWN_REGIONS.length;
    if (list.length === 0 || list.length > known.size) {
      ctx.issues.push({
        code: 'custom',
        input: list,
        message: `expected "all" or a list of 1 to ${known.size} region names (the ${extra ? 'known and DRIFTWATCH_EXTRA_REGIONS regions' : 'known regions; add others with DRIFTWATCH_EXTRA_REGIONS'}), got ${describeValue(list)}`,
      });
      return z.NEVER;
    }
    for (const [i, name] of list.entries()) {
      if (typeof name === 'string' && known.has(name)) continue;
      ctx.issues.push({
        code: 'custom',
        input: name,
        path: [i],
        message:
          typeof name === 'string'
            ? `unknown region ${quote(name)}; expected an AWS region name such as us-east-1`
            : `expected an AWS region name such as us-east-1, got ${describeValue(name)}`,
      });
    }
    return [...new Set(list as string[])];
  }),
);
