import { CloudTrailClient, DeleteTrailCommand } from '@aws-sdk/client-cloudtrail';
import { CreateSnapshotCommand, CreateVolumeCommand, EC2Client } from '@aws-sdk/client-ec2';
import { COPY_KMS_ACTIONS } from '../../lib/actions/ebs-copy';
import { rules } from '../../rules';
import type { LeastPrivilegeRuns, UnreachableOnMoto } from '../helpers/least-privilege';
import { CIS_RULE_IDS, describeLeastPrivilege } from '../helpers/least-privilege';
import { motoClient } from '../helpers/moto';
import { stoppedConfigRecorder, stoppedMultiRegionTrail } from '../helpers/seed';
import { runInstance } from '../helpers/seed-cis';
import { GOLDEN_WEB_PARAMS, goldenImageFleet } from '../helpers/seed-images';

// The calls each function makes on moto_server, held to its declared permissions (see
// test/helpers/least-privilege.ts); the CIS rules' runs are in least-privilege-cis.test.ts.

const REGION = 'us-east-1';

/** Where the autopilot runs on moto with hand-written events and refresh answers (aws-sdk-client-mock). */
const AUTOPILOT = 'test/e2e/ec2-scheduled-events-autopilot.test.ts';

/**
 * Declared actions no run on moto can reach, and why. Every other declared read must be called, and
 * every declared remediation is either called here or listed.
 */
const UNREACHABLE_ON_MOTO: UnreachableOnMoto = {
  'root-account-mfa': {
    'iam:ListVirtualMFADevices':
      'read only when root has MFA; moto always reports AccountMFAEnabled 0 (covered by the contract tests)',
  },
  'ec2-scheduled-events': {
    'ec2:DescribeInstanceTypes': 'read only for a stop or retirement event; moto has no scheduled events',
    'ec2:ModifyInstanceEventStartTime':
      'moves a scheduled event; moto has none (covered with aws-sdk-client-mock)',
    'ec2:CreateTags':
      'tags the start a moved event was given; moto has no events (covered with aws-sdk-client-mock)',
    'autoscaling:DescribeInstanceRefreshes': `read only when a group member has an event due for replacement; moto has no events (${AUTOPILOT})`,
    'autoscaling:StartInstanceRefresh': `replaces a group member before its event; moto has no events nor refreshes (${AUTOPILOT})`,
    'autoscaling:SetInstanceHealth':
      'only for a group whose maintenance policy launches first, which moto cannot express (unit tests)',
    'autoscaling:CreateOrUpdateTags': `marks a group whose member is being replaced; moto has no events (${AUTOPILOT})`,
  },
  'ebs-snapshot-lifecycle': {
    'ec2:CreateTags':
      'authorises the TagSpecifications of CreateSnapshot (tags applied at creation); never called as its own API',
    'ec2:CopySnapshot':
      'only for a volume with a copy tag; made on moto by test/e2e/ebs-snapshot-copies.test.ts',
    'ec2:ModifySnapshotTier':
      'moto has no ModifySnapshotTier (covered with aws-sdk-client-mock in the contract tests)',
    ...Object.fromEntries(
      COPY_KMS_ACTIONS.map((a) => [
        a,
        'EC2 uses the KMS keys of an encrypted copy as the caller; never called by driftwatch itself (test/unit/deploy/iam-conditions.test.ts)',
      ]),
    ),
  },
  'instance-standard': {
    'autoscaling:StartInstanceRefresh':
      'moto has no instance refresh API: the refresh check before it fails (covered with aws-sdk-client-mock in test/e2e/instance-standard.test.ts)',
  },
};

/** The runs of each function; the assertions follow once each has run. */
const runs: LeastPrivilegeRuns = {
  'root-account-mfa': async ({ invoke }) => {
    const summary = await invoke({});
    expect(summary.result).toMatch(/^1 FAIL/);
  },
  'ec2-scheduled-events': async ({ moto, invoke }) => {
    await runInstance(moto);
    const summary = await invoke({ regions: [REGION], remediate: true });
    expect(summary.result).toMatch(/1 PASS/);
  },
  'ebs-snapshot-lifecycle': async ({ moto, invoke }) => {
    // A volume due its first snapshot, and one with two driftwatch snapshots beyond retention 1.
    const ec2 = motoClient(moto, EC2Client, REGION);
    const policy = { 'driftwatch:snapshot-schedule': 'daily', 'driftwatch:snapshot-retention': '1' };
    const volume = () =>
      ec2.send(
        new CreateVolumeCommand({
          AvailabilityZone: `${REGION}a`,
          Size: 1,
          TagSpecifications: [
            { ResourceType: 'volume', Tags: Object.entries(policy).map(([Key, Value]) => ({ Key, Value })) },
          ],
        }),
      );
    await volume();
    const pruned = await volume();
    for (let i = 0; i < 2; i += 1) {
      await ec2.send(
        new CreateSnapshotCommand({
          VolumeId: pruned.VolumeId,
          TagSpecifications: [
            {
              ResourceType: 'snapshot',
              Tags: [
                { Key: 'driftwatch:managed-by', Value: 'ebs-snapshot-lifecycle' },
                { Key: 'driftwatch:volume-id', Value: pruned.VolumeId },
                { Key: 'driftwatch:retention', Value: '1' },
              ],
            },
          ],
        }),
      );
    }
    const summary = await invoke({ regions: [REGION], remediate: true });
    // At least the creation and the deletion (a day boundary between seeding and the run adds one).
    expect(summary.changes.failed).toBe(0);
    expect(summary.changes.done).toBeGreaterThanOrEqual(2);
    expect(summary.apiCalls['ec2:CreateSnapshot']).toBeGreaterThanOrEqual(1);
    expect(summary.apiCalls['ec2:DeleteSnapshot']).toBe(1);
  },
  'cloudtrail-enabled': async ({ moto, invoke }) => {
    // A stopped multi-region trail (StartLogging), then no trail and a bucket to create one in (CreateTrail).
    await stoppedMultiRegionTrail(moto, 'audit', 'audit-logs');
    const started = await invoke({ regions: [REGION], remediate: true });
    expect(started.apiCalls['cloudtrail:StartLogging']).toBe(1);
    await motoClient(moto, CloudTrailClient, REGION).send(new DeleteTrailCommand({ Name: 'audit' }));
    const created = await invoke({
      regions: [REGION],
      remediate: true,
      params: { trailBucket: 'audit-logs' },
    });
    expect(created.apiCalls['cloudtrail:CreateTrail']).toBe(1);
  },
  'config-recorder-enabled': async ({ moto, invoke }) => {
    await stoppedConfigRecorder(moto);
    const summary = await invoke({ regions: [REGION], remediate: true });
    expect(summary.apiCalls['config:StartConfigurationRecorder']).toBe(1);
  },
  'instance-standard': async ({ moto, invoke }) => {
    // web-asg still runs the superseded image: its refresh is checked for first, which moto cannot answer.
    await goldenImageFleet(moto);
    const summary = await invoke({ regions: [REGION], params: GOLDEN_WEB_PARAMS, remediate: true });
    expect(summary.apiCalls).toMatchObject({
      'ssm:GetParameters': 1,
      'ec2:DescribeLaunchTemplateVersions': 2,
      'autoscaling:DescribeInstanceRefreshes': 1,
    });
    expect(summary.findings.map((f) => [f.status, f.details?.read])).toEqual([
      ['ERROR', 'autoscaling.activeRefreshes'],
    ]);
  },
};

it('has a representative run for every registered rule, here or in least-privilege-cis.test.ts', () => {
  expect([...Object.keys(runs), ...CIS_RULE_IDS].sort()).toEqual(rules.map((r) => r.meta.id).sort());
});

describeLeastPrivilege(
  'least privilege: the calls each function makes on moto_server',
  runs,
  UNREACHABLE_ON_MOTO,
);
