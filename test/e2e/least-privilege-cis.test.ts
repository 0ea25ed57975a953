import type { RunSummary } from '../../lib/summary';
import type { LeastPrivilegeRuns, UnreachableOnMoto } from '../helpers/least-privilege';
import { CIS_RULE_IDS, describeLeastPrivilege } from '../helpers/least-privilege';
import { createInbox } from '../helpers/alerts';
import {
  lockedDownAndOpenBuckets,
  exposedNetwork,
  policyGaps,
  usersWithCredentialGaps,
} from '../helpers/seed-cis';
import {
  accessLogging,
  benchmarkAlarm,
  customerKeys,
  flowLogOnFirstVpc,
  loggingTrail,
} from '../helpers/seed-logging';

// The least-privilege runs of the CIS network, S3, IAM and logging rules (see
// test/helpers/least-privilege.ts); the other rules' runs are in least-privilege.test.ts.

const REGION = 'us-east-1';

/** The status of the finding of `checkId` on resource `id` (any resource when omitted) in the run's summary. */
const statusOf = (summary: RunSummary, checkId: string, id?: string) =>
  summary.findings.find((f) => f.checkId === checkId && (id === undefined || f.resource.id === id))?.status;

/** Declared actions no run on moto can reach, and why (every other declared action is called). */
const UNREACHABLE_ON_MOTO: UnreachableOnMoto = {
  // None: moto answers every read these rules make and every remediation they declare.
};

/** The runs of each function; the assertions follow once each has run. */
const runs: LeastPrivilegeRuns = {
  'ec2-network': async ({ moto, invoke }) => {
    // Every check fails somewhere; the peering read follows the route through a peering connection.
    await exposedNetwork(moto, REGION);
    const summary = await invoke({ regions: [REGION], remediate: true });
    expect(summary.apiCalls).toMatchObject({
      'ec2:DescribeVpcPeeringConnections': 1,
      'ec2:EnableEbsEncryptionByDefault': 1,
    });
  },
  's3-buckets': async ({ moto, invoke }) => {
    await lockedDownAndOpenBuckets(moto);
    const summary = await invoke({ remediate: true });
    expect(summary.apiCalls).toMatchObject({
      's3:GetBucketLocation': 2,
      's3:PutAccountPublicAccessBlock': 1,
    });
  },
  'iam-credentials': async ({ moto, invoke }) => {
    await usersWithCredentialGaps(moto);
    const summary = await invoke({});
    expect(statusOf(summary, 'console-mfa', 'bob')).toBe('FAIL');
    expect(statusOf(summary, 'one-active-key', 'ci')).toBe('FAIL');
  },
  'iam-password-policy': async ({ invoke }) => {
    const summary = await invoke({ remediate: true, params: { applyStandard: true } });
    expect(summary.apiCalls['iam:UpdateAccountPasswordPolicy']).toBe(1);
  },
  'iam-policies': async ({ moto, invoke }) => {
    const { instanceId } = await policyGaps(moto);
    const summary = await invoke({ regions: [REGION] });
    expect(statusOf(summary, 'group-permissions', 'bob')).toBe('FAIL');
    expect(statusOf(summary, 'instance-roles', instanceId)).toBe('FAIL');
  },
  'cloudwatch-alarms': async ({ moto, invoke }) => {
    // Root usage alarms to a topic with an SQS subscription: trail, filter, alarm and topic all read.
    await loggingTrail(moto);
    await benchmarkAlarm(moto, 'root-usage', (await createInbox(moto, 'security-alarms')).topicArn);
    const summary = await invoke({});
    expect(statusOf(summary, 'root-usage')).toBe('PASS');
    expect(summary.apiCalls['sns:ListSubscriptionsByTopic']).toBe(1);
  },
  'logging-coverage': async ({ moto, invoke }) => {
    await loggingTrail(moto);
    await accessLogging(moto, 'trail-logs');
    const { stale } = await customerKeys(moto);
    const logged = await flowLogOnFirstVpc(moto);
    const summary = await invoke({ regions: [REGION] });
    expect(statusOf(summary, 'kms-key-rotation', stale)).toBe('FAIL');
    expect(statusOf(summary, 'vpc-flow-logs', logged)).toBe('PASS');
    expect(statusOf(summary, 'trail-bucket-access-logging', 'trail-logs')).toBe('PASS');
  },
};

it('has a representative run for each rule it is given (CIS_RULE_IDS)', () => {
  expect(Object.keys(runs).sort()).toEqual([...CIS_RULE_IDS].sort());
});

describeLeastPrivilege(
  'least privilege: the calls each CIS rule function makes on moto_server',
  runs,
  UNREACHABLE_ON_MOTO,
);
