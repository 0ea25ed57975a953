import { CloudTrailClient, DeleteTrailCommand } from '@aws-sdk/client-cloudtrail';
import {
  CreateSnapshotCommand,
  CreateVolumeCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { functionName } from '../../lib/rule';
import type { RunSummary } from '../../lib/summary';
import { rules } from '../../rules';
import { alertEnv, createInbox } from '../helpers/alerts';
import { invokeOk } from '../helpers/invoke';
import { motoClient, useMoto } from '../helpers/moto';
import { stoppedConfigRecorder, stoppedMultiRegionTrail } from '../helpers/seed';

/**
 * Least privilege, held to what the functions really do: each bundled function runs on moto_server
 * in a state that takes it down its read paths and carries out its remediations, and the calls its
 * summary counted (`apiCalls`, the call counter) are compared with the rule's declared permissions,
 * which the template test holds the IAM role to.
 */

/** Called by every function, granted outside the rule's permissions: the identity and the alert. */
const INFRASTRUCTURE = new Set(['sts:GetCallerIdentity', 'sns:Publish']);

/**
 * Declared actions no run on moto can reach, and why. Every other declared read must be called, and
 * every declared remediation is either called here or listed.
 */
const UNREACHABLE_ON_MOTO: Readonly<Record<string, Readonly<Record<string, string>>>> = {
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
    'autoscaling:DescribeInstanceRefreshes':
      'read only when a group member has an event due for replacement; moto has no events (test/e2e/ec2-scheduled-events-autopilot.test.ts)',
    'autoscaling:StartInstanceRefresh':
      'replaces a group member before its event; moto has no events nor refreshes (test/e2e/ec2-scheduled-events-autopilot.test.ts)',
    'autoscaling:SetInstanceHealth':
      'only for a group whose maintenance policy launches first, which moto cannot express (unit tests)',
    'autoscaling:CreateOrUpdateTags':
      'marks a group whose member is being replaced; moto has no events (test/e2e/ec2-scheduled-events-autopilot.test.ts)',
  },
  'ebs-snapshot-lifecycle': {
    'ec2:CreateTags':
      'authorises the TagSpecifications of CreateSnapshot (tags applied at creation); never called as its own API',
    'ec2:CopySnapshot': 'only for a volume with a copy tag; made on moto by test/e2e/ebs-snapshot-copies.test.ts',
    'ec2:ModifySnapshotTier': 'moto has no ModifySnapshotTier (covered with aws-sdk-client-mock in the contract tests)',
  },
};

const REGION = 'us-east-1';

describe('least privilege: the calls each function makes on moto_server', () => {
  const moto = useMoto();
  const calls = new Map<string, Set<string>>();

  /** Invokes the bundle with alerts always published, and records the IAM actions it called. */
  async function invoke(ruleId: string, event: Record<string, unknown>): Promise<RunSummary> {
    const inbox = await createInbox(moto());
    const summary = await invokeOk<RunSummary>(
      functionName(ruleId),
      event,
      alertEnv(moto(), inbox, { DRIFTWATCH_NOTIFY: 'always' }),
    );
    const seen = calls.get(ruleId) ?? new Set<string>();
    for (const action of Object.keys(summary.apiCalls)) seen.add(action);
    calls.set(ruleId, seen);
    return summary;
  }

  /** The runs of each function; the assertions follow once every function has run. */
  const runs: Record<string, () => Promise<void>> = {
    'root-account-mfa': async () => {
      const summary = await invoke('root-account-mfa', {});
      expect(summary.result).toMatch(/^1 FAIL/);
    },
    'ec2-scheduled-events': async () => {
      await motoClient(moto(), EC2Client, REGION).send(
        new RunInstancesCommand({
          ImageId: 'ami-12c6146b',
          InstanceType: 't3.micro',
          MinCount: 1,
          MaxCount: 1,
        }),
      );
      const summary = await invoke('ec2-scheduled-events', { regions: [REGION], remediate: true });
      expect(summary.result).toMatch(/1 PASS/);
    },
    'ebs-snapshot-lifecycle': async () => {
      // A volume due its first snapshot, and one with two driftwatch snapshots beyond retention 1.
      const ec2 = motoClient(moto(), EC2Client, REGION);
      const tagged = (tags: Record<string, string>) => [
        {
          ResourceType: 'volume' as const,
          Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
        },
      ];
      const policy = { 'driftwatch:snapshot-schedule': 'daily', 'driftwatch:snapshot-retention': '1' };
      await ec2.send(
        new CreateVolumeCommand({
          AvailabilityZone: `${REGION}a`,
          Size: 1,
          TagSpecifications: tagged(policy),
        }),
      );
      const pruned = await ec2.send(
        new CreateVolumeCommand({
          AvailabilityZone: `${REGION}a`,
          Size: 1,
          TagSpecifications: tagged(policy),
        }),
      );
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
      const summary = await invoke('ebs-snapshot-lifecycle', { regions: [REGION], remediate: true });
      // At least the creation and the deletion (a day boundary between seeding and the run adds one).
      expect(summary.changes.failed).toBe(0);
      expect(summary.changes.done).toBeGreaterThanOrEqual(2);
      expect(summary.apiCalls).toMatchObject({
        'ec2:CreateSnapshot': expect.any(Number),
        'ec2:DeleteSnapshot': 1,
      });
    },
    'cloudtrail-enabled': async () => {
      // A stopped multi-region trail (StartLogging), then no trail and a bucket to create one in (CreateTrail).
      await stoppedMultiRegionTrail(moto(), 'audit', 'audit-logs');
      const started = await invoke('cloudtrail-enabled', { regions: [REGION], remediate: true });
      expect(started.apiCalls['cloudtrail:StartLogging']).toBe(1);
      await motoClient(moto(), CloudTrailClient, REGION).send(new DeleteTrailCommand({ Name: 'audit' }));
      const created = await invoke('cloudtrail-enabled', {
        regions: [REGION],
        remediate: true,
        params: { trailBucket: 'audit-logs' },
      });
      expect(created.apiCalls['cloudtrail:CreateTrail']).toBe(1);
    },
    'config-recorder-enabled': async () => {
      await stoppedConfigRecorder(moto());
      const summary = await invoke('config-recorder-enabled', { regions: [REGION], remediate: true });
      expect(summary.apiCalls['config:StartConfigurationRecorder']).toBe(1);
    },
  };

  it('has a representative run for every registered rule', () => {
    expect(Object.keys(runs).sort()).toEqual(rules.map((r) => r.meta.id).sort());
  });

  describe.each(rules.map((r) => [r.meta.id, r] as const))('%s', (ruleId, rule) => {
    const declared = new Set([...rule.meta.permissions.read, ...rule.meta.permissions.remediate]);
    const unreachable = UNREACHABLE_ON_MOTO[ruleId] ?? {};

    it('calls nothing outside its declared permissions (identity and the alert excepted)', async () => {
      // Prepare + Act
      await (runs[ruleId] as () => Promise<void>)();
      const called = [...(calls.get(ruleId) ?? [])];

      // Assess
      expect(called.filter((a) => !declared.has(a) && !INFRASTRUCTURE.has(a))).toEqual([]);
      expect(called.filter((a) => a in unreachable)).toEqual([]);
    }, 60_000);

    it('uses every declared action, but those moto cannot reach (each listed with the reason)', () => {
      // Assess (the previous test ran the function)
      const called = calls.get(ruleId) ?? new Set<string>();
      expect(called.size).toBeGreaterThan(0);
      const neverUsed = [...declared].filter((a) => !called.has(a) && !(a in unreachable));
      expect(neverUsed).toEqual([]);
      for (const action of Object.keys(unreachable)) expect(declared.has(action)).toBe(true);
    });
  });
});
