import { EC2Client, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { ClientFactory } from '../../../lib/aws/clients';
import { ebsEncryptionByDefault } from '../../../lib/inventory/ec2-settings';
import { LiveInventory } from '../../../lib/inventory/live';
import { placeboOutput } from '../../helpers/recordings';

describe('ebsEncryptionByDefault against recorded GetEbsEncryptionByDefault responses', () => {
  const ec2 = mockClient(EC2Client);
  beforeEach(() => ec2.reset());
  afterAll(() => ec2.restore());

  it.each([
    ['test_account_ebs_encrypt', false],
    ['test_account_disable_ebs_encrypt', true],
  ])('reads %s as enabled=%s, one call in the asked region', async (folder, enabled) => {
    // Prepare
    ec2
      .on(GetEbsEncryptionByDefaultCommand)
      .resolves(placeboOutput(folder, 'ec2.GetEbsEncryptionByDefault_1'));

    // Act
    const value = await new LiveInventory(new ClientFactory()).get(ebsEncryptionByDefault, 'eu-west-1');

    // Assess
    expect(value).toEqual({ enabled });
    expect(ec2.commandCalls(GetEbsEncryptionByDefaultCommand)).toHaveLength(1);
    // The spy's `this` is the client the inventory sent through (typed `any` by sinon).
    const client = ec2.commandCalls(GetEbsEncryptionByDefaultCommand)[0]?.thisValue as EC2Client | undefined;
    expect(await client?.config.region()).toBe('eu-west-1');
  });
});
