import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { ClientFactory } from '../../../lib/aws/clients';
import { LiveInventory } from '../../../lib/inventory/live';
import { enabledRegions } from '../../../lib/inventory/regions';
import { placeboOutput } from '../../helpers/recordings';

describe('enabledRegions against recorded DescribeRegions responses', () => {
  const ec2 = mockClient(EC2Client);
  beforeEach(() => ec2.reset());
  afterAll(() => ec2.restore());

  it('lists the recorded regions sorted (test_aws_policy_global_expand)', async () => {
    ec2
      .on(DescribeRegionsCommand)
      .resolves(placeboOutput('test_aws_policy_global_expand', 'ec2.DescribeRegions_1'));
    const regions = await new LiveInventory(new ClientFactory()).get(enabledRegions);
    expect(regions).toHaveLength(5);
    expect(regions).toEqual([...regions].sort());
    expect(ec2.commandCalls(DescribeRegionsCommand)[0]?.args[0].input).toEqual({ AllRegions: false });
  });

  it('leaves out an opt-in region the account has not opted into (shape from the EC2 API reference, not recorded)', async () => {
    ec2.on(DescribeRegionsCommand).resolves({
      Regions: [
        { RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' },
        { RegionName: 'af-south-1', OptInStatus: 'not-opted-in' },
        { RegionName: 'ap-east-1', OptInStatus: 'opted-in' },
      ],
    });
    expect(await new LiveInventory(new ClientFactory()).get(enabledRegions)).toEqual([
      'ap-east-1',
      'us-east-1',
    ]);
  });
});
