/**
 * The demo account: a made-up AWS account (111122223333) with realistic drift for every rule, as a
 * snapshot file. `node demo/build-demo.mjs` writes demo/demo-account.json from this file; a unit test
 * holds the two in sync and checks that every registered rule finds something to say.
 *
 * Every date is an offset from CAPTURED_AT, and scans of a snapshot evaluate as of its capture time,
 * so "retirement next week" and "expired snapshot" stay true whenever the demo is run.
 */
import { callerIdentity } from '../lib/inventory/account';
import { accountSummary } from '../lib/inventory/iam';
import type { RecordedRead } from '../lib/inventory/live';
import { enabledRegions } from '../lib/inventory/regions';
import { buildSnapshot } from '../lib/inventory/snapshot-file';
import type { SnapshotFile } from '../lib/inventory/snapshot-file';
import type { ReadDef } from '../lib/inventory/types';
import { GLOBAL_KEY } from '../lib/inventory/types';

export const DEMO_ACCOUNT = '111122223333';
export const CAPTURED_AT = new Date('2026-11-20T09:00:00.000Z');
export const DEMO_REGIONS = ['eu-west-1', 'us-east-1'] as const;

/** An ISO time `n` days after (negative: before) the capture. */
export function days(n: number, hours = 0): string {
  return new Date(CAPTURED_AT.getTime() + (n * 24 + hours) * 3_600_000).toISOString();
}

/** Builds the reads with the read's own type, so the demo breaks at compile time if a read's shape changes. */
class Recorder {
  readonly reads: RecordedRead[] = [];
  value<T>(read: ReadDef<T>, key: string, value: T): this {
    this.reads.push({ name: read.name, key, value });
    return this;
  }
  error(read: ReadDef<unknown>, key: string, code: string, message: string): this {
    this.reads.push({ name: read.name, key, error: { code, message } });
    return this;
  }
}

export function demoSnapshot(): SnapshotFile {
  const r = new Recorder();
  r.value(callerIdentity, GLOBAL_KEY, {
    account: DEMO_ACCOUNT,
    arn: `arn:aws:sts::${DEMO_ACCOUNT}:assumed-role/SecurityAudit/driftwatch`,
    partition: 'aws',
  });
  r.value(enabledRegions, GLOBAL_KEY, [...DEMO_REGIONS]);

  // root-account-mfa: root has a password and no MFA (and, worse, an access key).
  r.value(accountSummary, GLOBAL_KEY, {
    AccountMFAEnabled: 0,
    AccountAccessKeysPresent: 1,
    AccountPasswordPresent: 1,
    AccountSigningCertificatesPresent: 0,
    Users: 14,
    Groups: 4,
    Roles: 38,
    Policies: 21,
    MFADevices: 9,
    MFADevicesInUse: 9,
  });

  return buildSnapshot({
    reads: r.reads,
    capturedAt: CAPTURED_AT,
    account: DEMO_ACCOUNT,
    regions: 'all',
    generator: 'demo/demo-account.ts (hand-written demo account)',
  });
}
