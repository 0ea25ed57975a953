import {
  DescribeInstancesCommand,
  DescribeInstanceStatusCommand,
  DescribeInstanceTypesCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import type { DescribeInstancesCommandOutput } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { ClientFactory } from '../../../lib/aws/clients';
import { InventoryReadError } from '../../../lib/errors';
import { instances, instanceStatuses, instanceStoreTypes } from '../../../lib/inventory/ec2-instances';
import { LiveInventory } from '../../../lib/inventory/live';
import { StoredInventory, storedValues } from '../../../lib/inventory/memory';
import { ec2ScheduledEvents } from '../../../rules/ec2-scheduled-events';
import { botocoreXml, placeboOutput } from '../../helpers/recordings';
import { overTheWire } from '../../helpers/scripted-server';

const REGION = 'us-west-2';

/**
 * Hand-authored from the EC2 API reference (DescribeInstanceStatus response, InstanceStatusEvent):
 * no real recording of DescribeInstanceStatus with scheduled events exists (aws-recordings INDEX.md,
 * Gaps 1). Same envelope as the recorded botocore body, with an `eventsSet` added.
 */
const EVENTS_XML = `<?xml version="1.0" encoding="UTF-8"?>
<DescribeInstanceStatusResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
  <requestId>3be1508e-c444-4fef-89cc-0b1223c4f02f</requestId>
  <instanceStatusSet>
    <item>
      <instanceId>i-1234567890abcdef0</instanceId>
      <availabilityZone>us-west-2a</availabilityZone>
      <instanceState><code>16</code><name>running</name></instanceState>
      <systemStatus><status>impaired</status><details><item><name>reachability</name><status>failed</status><impairedSince>2026-11-21T09:14:00.000Z</impairedSince></item></details></systemStatus>
      <instanceStatus><status>ok</status><details><item><name>reachability</name><status>passed</status></item></details></instanceStatus>
      <eventsSet>
        <item>
          <instanceEventId>instance-event-0d59937288b749b32</instanceEventId>
          <code>system-reboot</code>
          <description>scheduled reboot</description>
          <notBefore>2026-11-24T14:00:00.000Z</notBefore>
          <notAfter>2026-11-24T16:00:00.000Z</notAfter>
          <notBeforeDeadline>2026-11-28T12:00:00.000Z</notBeforeDeadline>
        </item>
        <item>
          <instanceEventId>instance-event-0e4b7a1c2f3d4e5f6</instanceEventId>
          <code>instance-retirement</code>
          <description>The instance is running on degraded hardware</description>
          <notBefore>2026-11-26T00:00:00.000Z</notBefore>
        </item>
        <item>
          <instanceEventId>instance-event-01a2b3c4d5e6f7a8b</instanceEventId>
          <code>instance-reboot</code>
          <description>[Completed] scheduled reboot</description>
          <notBefore>2026-11-18T02:00:00.000Z</notBefore>
          <notAfter>2026-11-18T04:00:00.000Z</notAfter>
        </item>
      </eventsSet>
    </item>
  </instanceStatusSet>
</DescribeInstanceStatusResponse>`;

describe('ec2.instanceStatuses on the wire (real SDK deserializer, loopback server)', () => {
  it('reads the recorded botocore DescribeInstanceStatus body: a healthy running instance with no events', async () => {
    // Act
    const { result, requests, calls } = await overTheWire(
      botocoreXml('responses/ec2-describe-instance-status.xml'),
      200,
      (clients) => new LiveInventory(clients).get(instanceStatuses, REGION),
    );

    // Assess
    expect(result).toEqual([
      {
        instanceId: 'i-78f1b94a',
        availabilityZone: 'us-west-2b',
        state: 'running',
        system: { status: 'ok', failing: [] },
        instance: { status: 'ok', failing: [] },
        events: [],
      },
    ]);
    expect(calls).toEqual({ 'ec2:DescribeInstanceStatus': 1 });
    expect(requests[0]).toContain('Action=DescribeInstanceStatus');
    expect(requests[0]).toContain('IncludeAllInstances=true');
    expect(requests[0]).toContain('MaxResults=1000');
  });

  it('reads events, deadlines and an impaired check from a body hand-authored from the API reference (no real recording with events exists)', async () => {
    // Act
    const { result } = await overTheWire(EVENTS_XML, 200, (clients) =>
      new LiveInventory(clients).get(instanceStatuses, REGION),
    );

    // Assess: dates become ISO strings; the completed event is still listed (the rule filters it)
    expect(result).toHaveLength(1);
    expect(result[0]?.system).toEqual({
      status: 'impaired',
      failing: [{ name: 'reachability', status: 'failed', impairedSince: '2026-11-21T09:14:00.000Z' }],
    });
    expect(result[0]?.events).toEqual([
      {
        id: 'instance-event-0d59937288b749b32',
        code: 'system-reboot',
        description: 'scheduled reboot',
        notBefore: '2026-11-24T14:00:00.000Z',
        notAfter: '2026-11-24T16:00:00.000Z',
        notBeforeDeadline: '2026-11-28T12:00:00.000Z',
      },
      {
        id: 'instance-event-0e4b7a1c2f3d4e5f6',
        code: 'instance-retirement',
        description: 'The instance is running on degraded hardware',
        notBefore: '2026-11-26T00:00:00.000Z',
      },
      {
        id: 'instance-event-01a2b3c4d5e6f7a8b',
        code: 'instance-reboot',
        description: '[Completed] scheduled reboot',
        notBefore: '2026-11-18T02:00:00.000Z',
        notAfter: '2026-11-18T04:00:00.000Z',
      },
    ]);
  });

  it('gives the rule what it needs: the hand-authored events evaluate to two event findings and a status-check finding', async () => {
    // Prepare: the live read's value, stored as a snapshot would hold it
    const { result } = await overTheWire(EVENTS_XML, 200, (clients) =>
      new LiveInventory(clients).get(instanceStatuses, REGION),
    );
    const inventory = new StoredInventory(
      storedValues({
        'ec2.instanceStatuses': { [REGION]: result },
        'autoscaling.groupMembers': { [REGION]: [] },
        'ec2.instances': {
          [REGION]: [
            {
              instanceId: 'i-1234567890abcdef0',
              instanceType: 't3.small',
              state: 'running',
              rootDeviceType: 'ebs',
              tags: { Name: 'api' },
            },
          ],
        },
        'ec2.instanceStoreTypes': { [REGION]: ['i3.large'] },
      }),
    );

    // Act
    const findings = await ec2ScheduledEvents.evaluate({
      inventory,
      account: '111122223333',
      region: REGION,
      params: ec2ScheduledEvents.params.parse({}),
      now: new Date('2026-11-21T12:00:00Z'),
    });

    // Assess
    expect(findings.map((f) => [f.checkId, f.status, f.severity])).toEqual([
      ['instance-event-0d59937288b749b32', 'FAIL', 'medium'],
      ['instance-event-0e4b7a1c2f3d4e5f6', 'FAIL', 'medium'],
      ['status-checks', 'FAIL', 'medium'],
    ]);
  });

  it('turns the recorded EC2 error envelope (botocore InvalidInstanceID.Malformed) into an InventoryReadError', async () => {
    // Act
    const outcome = overTheWire(botocoreXml('errors/ec2-describe-instances.xml'), 400, (clients) =>
      new LiveInventory(clients).get(instances, REGION),
    );

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(InventoryReadError);
    await expect(outcome).rejects.toMatchObject({
      awsCode: 'InvalidInstanceID.Malformed',
      read: 'ec2.instances',
      region: REGION,
    });
  });
});

describe('ec2 instance reads through aws-sdk-client-mock', () => {
  let ec2: AwsClientStub<EC2Client>;
  beforeAll(() => {
    ec2 = mockClient(EC2Client);
  });
  beforeEach(() => ec2.reset());
  afterAll(() => ec2.restore());

  it('follows NextToken to the last page of instance statuses (pages hand-authored from the API reference)', async () => {
    // Prepare
    const entry = (id: string) => ({
      InstanceId: id,
      InstanceState: { Code: 16, Name: 'running' as const },
      Events: [],
    });
    ec2
      .on(DescribeInstanceStatusCommand)
      .resolvesOnce({ InstanceStatuses: [entry('i-1'), entry('i-2')], NextToken: 'page-2' })
      .resolvesOnce({ InstanceStatuses: [entry('i-3')] });

    // Act
    const statuses = await new LiveInventory(new ClientFactory()).get(instanceStatuses, REGION);

    // Assess
    expect(statuses.map((s) => s.instanceId)).toEqual(['i-1', 'i-2', 'i-3']);
    // (the SDK paginator reuses one input object, so the recorded inputs show the last token)
    const inputs = ec2.commandCalls(DescribeInstanceStatusCommand).map((c) => c.args[0].input);
    expect(inputs).toHaveLength(2);
    expect(inputs[1]).toEqual({ IncludeAllInstances: true, MaxResults: 1000, NextToken: 'page-2' });
  });

  it('reads tags, type and root device type from the recorded DescribeInstances of test_unused_ami_true', async () => {
    // Prepare
    ec2
      .on(DescribeInstancesCommand)
      .resolves(
        placeboOutput<DescribeInstancesCommandOutput>('test_unused_ami_true', 'ec2.DescribeInstances_1'),
      );

    // Act
    const found = await new LiveInventory(new ClientFactory()).get(instances, REGION);

    // Assess
    expect(found).toHaveLength(3);
    expect(found).toContainEqual({
      instanceId: 'i-0da984a9cc826ea48',
      instanceType: 't2.micro',
      state: 'running',
      rootDeviceType: 'ebs',
      tags: { 'aws:autoscaling:groupName': 'c7n-asg-test-01', Name: 'c7n-asg-test-01' },
    });
  });

  it('lists instance types with instance storage, asking with the instance-storage-supported filter (shape from the API reference)', async () => {
    // Prepare
    ec2
      .on(DescribeInstanceTypesCommand)
      .resolvesOnce({ InstanceTypes: [{ InstanceType: 'm5d.large' }], NextToken: 'n' })
      .resolvesOnce({ InstanceTypes: [{ InstanceType: 'i3.large' }] });

    // Act
    const types = await new LiveInventory(new ClientFactory()).get(instanceStoreTypes, REGION);

    // Assess
    expect(types).toEqual(['i3.large', 'm5d.large']);
    expect(ec2.commandCalls(DescribeInstanceTypesCommand)).toHaveLength(2);
    expect(ec2.commandCalls(DescribeInstanceTypesCommand)[0]?.args[0].input).toMatchObject({
      Filters: [{ Name: 'instance-storage-supported', Values: ['true'] }],
      MaxResults: 100,
    });
  });
});
