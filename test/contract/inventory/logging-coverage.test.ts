import { DescribeFlowLogsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeKeyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListKeysCommand,
} from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { ClientFactory } from '../../../lib/aws/clients';
import { vpcFlowLogs } from '../../../lib/inventory/flow-logs';
import { kmsKeys } from '../../../lib/inventory/kms';
import { LiveInventory } from '../../../lib/inventory/live';
import { vpcFlowLogDrafts } from '../../../rules/logging-coverage/vpc-flow-logs';
import { placeboOutput } from '../../helpers/recordings';

const ACCOUNT = '644160558196';

describe('ec2.vpcFlowLogs and kms.keys against recorded AWS responses', () => {
  const ec2 = mockClient(EC2Client);
  const kms = mockClient(KMSClient);
  beforeEach(() => {
    ec2.reset();
    kms.reset();
  });
  afterAll(() => {
    ec2.restore();
    kms.restore();
  });

  function record(folder: string): void {
    ec2.on(DescribeVpcsCommand).resolves(placeboOutput(folder, 'ec2.DescribeVpcs_1'));
    ec2.on(DescribeFlowLogsCommand).resolves(placeboOutput(folder, 'ec2.DescribeFlowLogs_1'));
  }
  const statuses = async () => {
    const value = await new LiveInventory(new ClientFactory()).get(vpcFlowLogs, 'us-east-1');
    return Object.fromEntries(
      vpcFlowLogDrafts(value, ACCOUNT, 'us-east-1').map((d) => [d.resource.id, d.status]),
    );
  };

  it('passes the VPC with an active ALL flow log and fails the one without (test_vpc_flow_logs)', async () => {
    // Prepare
    record('test_vpc_flow_logs');
    // Act
    const value = await new LiveInventory(new ClientFactory()).get(vpcFlowLogs, 'us-east-1');
    // Assess: two calls, whatever the number of VPCs; a flow log of an unlisted VPC is kept but judges nothing
    expect(value.flowLogs).toContainEqual({
      id: 'fl-069df76b301f1327d',
      resourceId: 'vpc-065087ed31e016b80',
      trafficType: 'ALL',
      status: 'ACTIVE',
      deliverLogsStatus: 'SUCCESS',
      destinationType: 'cloud-watch-logs',
    });
    expect(ec2.calls()).toHaveLength(2);
    expect(await statuses()).toEqual({ 'vpc-065087ed31e016b80': 'PASS', 'vpc-0d2f08cdd14782e56': 'FAIL' });
  });

  it('passes VPCs whose flow logs go to another log group, as CIS asks only for an active capturing one (test_vpc_flow_logs_misconfigured)', async () => {
    record('test_vpc_flow_logs_misconfigured');
    expect(await statuses()).toEqual({ 'vpc-d0e386b7': 'PASS', 'vpc-4a9ff72e': 'PASS' });
  });

  it('fails the new VPC without flow logs, reading the older shape without LogDestinationType (test_vpc_flow_logs_absent)', async () => {
    record('test_vpc_flow_logs_absent');
    const value = await new LiveInventory(new ClientFactory()).get(vpcFlowLogs, 'us-east-1');
    expect(value.flowLogs.map((f) => f.destinationType)).toEqual(['cloud-watch-logs', 'cloud-watch-logs']);
    expect((await statuses())['vpc-28a71f51']).toBe('FAIL');
  });

  it('reads the recorded AWS managed key without asking its rotation (test_account_disable_ebs_encrypt)', async () => {
    // Prepare
    kms.on(ListKeysCommand).resolves(placeboOutput('test_account_disable_ebs_encrypt', 'kms.ListKeys_1'));
    kms
      .on(DescribeKeyCommand)
      .resolves(placeboOutput('test_account_disable_ebs_encrypt', 'kms.DescribeKey_1'));
    // Act
    const keys = await new LiveInventory(new ClientFactory()).get(kmsKeys, 'us-east-1');
    // Assess
    expect(keys).toEqual([
      {
        keyId: '798bc4bb-3079-4a9a-bc27-2c7f2b6c91d0',
        arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/798bc4bb-3079-4a9a-bc27-2c7f2b6c91d0`,
        manager: 'AWS',
        spec: 'SYMMETRIC_DEFAULT',
        state: 'Enabled',
        origin: 'AWS_KMS',
      },
    ]);
    expect(kms.commandCalls(GetKeyRotationStatusCommand)).toHaveLength(0);
  });
});
