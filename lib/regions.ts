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

export function knownRegions(extra: string | undefined = process.env.DRIFTWATCH_EXTRA_REGIONS): Set<string> {
  const names = new Set<string>(KNOWN_REGIONS);
  for (const name of (extra ?? '').split(',')) if (name.trim()) names.add(name.trim());
  return names;
}
