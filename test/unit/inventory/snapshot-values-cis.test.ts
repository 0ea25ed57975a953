import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SnapshotError } from '../../../lib/errors';
import { parseSnapshot } from '../../../lib/inventory/snapshot-file';
import { SNAPSHOT_READS } from '../../../lib/inventory/snapshot-reads';

type Stored = Record<string, { value: unknown }>;
type Reads = Record<string, Stored>;
type Obj = Record<string, unknown>;

const ROOT = resolve(__dirname, '..', '..', '..');
const DEMO = resolve(ROOT, 'demo', 'demo-account.json');

/** The demo snapshot with one stored value changed. */
function demoWith(change: (reads: Reads) => void): string {
  const doc = JSON.parse(readFileSync(DEMO, 'utf8')) as { reads: Reads };
  change(doc.reads);
  return JSON.stringify(doc);
}
/** The stored value of a read at a key (region, or `global`). */
const valueOf = (reads: Reads, name: string, key: string) => reads[name]?.[key]?.value;
const firstOf = (reads: Reads, name: string, key: string) => (valueOf(reads, name, key) as Obj[])[0] as Obj;
const firstFound = (reads: Reads, name: string, key: string) =>
  (valueOf(reads, name, key) as { found: Obj[] }).found[0] as Obj;

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    if (error instanceof SnapshotError) return error;
    throw error;
  }
  throw new Error('expected a SnapshotError, got none');
}

describe('snapshot values of the CIS and fleet reads are checked against their live shape', () => {
  it.each<[string, (reads: Reads) => void, string]>([
    [
      'a running instance launch time that is not a time',
      (r) => (firstOf(r, 'ec2.runningInstances', 'us-east-1').launchTime = 'tomorrow'),
      'reads["ec2.runningInstances"]["us-east-1"].value[0].launchTime: expected an ISO-8601 time such as 2026-11-20T09:00:00.000Z, got "tomorrow"',
    ],
    [
      'a network ACL action in the wrong case',
      (r) => {
        const acl = firstOf(r, 'ec2.networkAcls', 'ap-southeast-2');
        ((acl.entries as Obj[])[0] as Obj).action = 'ALLOW';
      },
      'reads["ec2.networkAcls"]["ap-southeast-2"].value[0].entries[0].action: expected "allow" or "deny", got "ALLOW"',
    ],
    [
      'security group tags that are null',
      (r) => (firstOf(r, 'ec2.securityGroups', 'ap-southeast-2').tags = null),
      'reads["ec2.securityGroups"]["ap-southeast-2"].value[0].tags: expected an object of tag keys to string values, got null',
    ],
    [
      'a negative Auto Scaling desired capacity',
      (r) => (firstOf(r, 'autoscaling.groups', 'us-east-1').desiredCapacity = -1),
      'reads["autoscaling.groups"]["us-east-1"].value[0].desiredCapacity: expected a whole number >= 0, got a number (-1)',
    ],
    [
      'a keyed read whose requested keys are not a list',
      (r) => ((valueOf(r, 'ssm.imageParameters', 'us-east-1') as Obj).requested = 'all'),
      'reads["ssm.imageParameters"]["us-east-1"].value.requested: expected a list, got "all"',
    ],
    [
      'an SSM parameter version written as a string (a keyed read’s found entry)',
      (r) => (firstFound(r, 'ssm.imageParameters', 'us-east-1').version = '9'),
      'reads["ssm.imageParameters"]["us-east-1"].value.found[0].version: expected a number, got "9"',
    ],
    [
      'a password length written as a string',
      (r) => ((valueOf(r, 'iam.passwordPolicy', 'global') as Obj).minimumPasswordLength = '14'),
      'reads["iam.passwordPolicy"].global.value.minimumPasswordLength: expected a number, got "14"',
    ],
    [
      'a credential report MFA flag written as a string',
      (r) =>
        ((((valueOf(r, 'iam.credentialReport', 'global') as Obj).users as Obj[])[0] as Obj).mfaActive =
          'yes'),
      'reads["iam.credentialReport"].global.value.users[0].mfaActive: expected true or false, got "yes"',
    ],
    [
      'a misspelt field of an IAM user',
      (r) => {
        const user = ((valueOf(r, 'iam.authorizationDetails', 'global') as Obj).users as Obj[])[0] as Obj;
        user.group = user.groups;
        delete user.groups;
      },
      'reads["iam.authorizationDetails"].global.value.users[0].groups: expected a list, got nothing; reads["iam.authorizationDetails"].global.value.users[0].group: unknown field (the iam.authorizationDetails read records no such field; misspelt?)',
    ],
    [
      'a bucket versioning state AWS does not have',
      (r) => (firstOf(r, 's3.bucketSecurity', 'global').versioning = 'on'),
      'reads["s3.bucketSecurity"].global.value[0].versioning: expected "Enabled", "Suspended" or "Off", got "on"',
    ],
    [
      'a logged bucket region that is a number (a keyed read of alternatives)',
      (r) => (firstFound(r, 's3.bucketLogging', 'global').region = 5),
      'reads["s3.bucketLogging"].global.value.found[0].region: expected a string, got a number (5)',
    ],
    [
      'a VPC peering side without its CIDR list',
      (r) => delete (firstOf(r, 'ec2.vpcPeerings', 'us-east-1').accepter as Obj).cidrs,
      'reads["ec2.vpcPeerings"]["us-east-1"].value[0].accepter.cidrs: expected a list, got nothing',
    ],
  ])('refuses %s, naming the path of the bad value', (_name, change, message) => {
    // Act
    const error = errorOf(() => parseSnapshot(demoWith(change), 'bad.json'));

    // Assess: one line, the file and the path
    expect(error.message).toBe(`Snapshot bad.json is malformed: ${message}.`);
  });

  it('lists every read lib/inventory exports in SNAPSHOT_READS, each with a schema', async () => {
    // Prepare: every exported read (a value with a name, scope, actions and fetch) of lib/inventory
    const dir = resolve(ROOT, 'lib', 'inventory');
    const modules = await Promise.all(
      readdirSync(dir)
        .filter((f) => f.endsWith('.ts'))
        .map((f) => import(resolve(dir, f)) as Promise<Record<string, unknown>>),
    );
    const exported = modules
      .flatMap((m) => Object.values(m))
      .filter((v): v is { name: string } => {
        const o = v as Obj | null;
        return (
          typeof o === 'object' && o !== null && typeof o.name === 'string' && 'fetch' in o && 'scope' in o
        );
      })
      .map((r) => r.name);
    const listed = SNAPSHOT_READS.map((r) => r.name);

    // Assess
    expect(exported.length).toBeGreaterThanOrEqual(40);
    expect([...new Set(exported)].filter((n) => !listed.includes(n)).sort()).toEqual([]);
    expect(SNAPSHOT_READS.filter((r) => r.schema === undefined).map((r) => r.name)).toEqual([]);
  });
});
