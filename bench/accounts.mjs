// The synthetic accounts the benchmarks scan. Sizes vary by region so that empty lists, exact
// multiples of a page and remainders all occur.

/** The 17 regions enabled by default (no opt-in needed). */
export const DEFAULT_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'sa-east-1',
];

const NOW = new Date('2026-03-10T10:30:00Z');

/** (a) API efficiency: 17 regions, medium-sized, with page-boundary cases. */
export function efficiencyAccount() {
  return {
    account: '111122223333',
    regions: DEFAULT_REGIONS,
    now: NOW,
    mfaDevices: 150,
    instanceStoreTypes: 150,
    sizes: (_region, r) => ({
      // r=0: exactly one full page; r=1: empty; others: remainders of various sizes.
      volumes: r === 0 ? 500 : r === 1 ? 0 : (r * 311) % 1700,
      snapshots: r === 0 ? 3000 : r === 1 ? 0 : (r * 1777) % 6500,
      images: r === 0 ? 1000 : (r * 97) % 1300,
      launchTemplateVersions: r === 0 ? 200 : (r * 29) % 450,
      instances: r === 0 ? 1000 : r === 1 ? 0 : (r * 433) % 2600,
    }),
  };
}

/** (b) Region parallelism: a typical account, the same everywhere but for us-east-1 (the busiest). */
export function parallelAccount() {
  return {
    account: '111122223333',
    regions: DEFAULT_REGIONS,
    now: NOW,
    mfaDevices: 20,
    instanceStoreTypes: 150,
    sizes: (_region, r) => ({
      volumes: r === 0 ? 800 : 150 + r * 10,
      snapshots: r === 0 ? 2500 : 600 + r * 40,
      images: 40,
      launchTemplateVersions: 30,
      instances: r === 0 ? 600 : 100 + r * 5,
    }),
  };
}

/**
 * (c) Evaluation at scale: 100,000 snapshots, 10,000 volumes and 10,000 instances over 30 regions,
 * 40% of everything in us-east-1 and the rest spread evenly.
 */
export function scaleAccount(knownRegions) {
  const regions = [
    'us-east-1',
    ...knownRegions.filter((r) => r !== 'us-east-1' && !r.startsWith('cn-') && !r.startsWith('us-gov-')),
  ].slice(0, 30);
  const share = (total, r) => {
    const first = Math.round(total * 0.4);
    if (r === 0) return first;
    const rest = total - first;
    const each = Math.floor(rest / 29);
    return each + (r <= rest - each * 29 ? 1 : 0);
  };
  return {
    account: '111122223333',
    regions,
    now: NOW,
    mfaDevices: 150,
    instanceStoreTypes: 150,
    totals: {
      snapshots: 100_000,
      volumes: 10_000,
      instances: 10_000,
      images: 2_000,
      launchTemplateVersions: 600,
    },
    sizes: (_region, r) => ({
      volumes: share(10_000, r),
      snapshots: share(100_000, r),
      images: share(2_000, r),
      launchTemplateVersions: share(600, r),
      instances: share(10_000, r),
    }),
  };
}
