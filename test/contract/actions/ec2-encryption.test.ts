import {
  EC2Client,
  EnableEbsEncryptionByDefaultCommand,
  GetEbsEncryptionByDefaultCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { enableEbsEncryptionByDefault } from '../../../lib/actions/ec2-encryption';
import { ClientFactory } from '../../../lib/aws/clients';
import { placeboOutput } from '../../helpers/recordings';

describe('enableEbsEncryptionByDefault against the recorded test_account_ebs_encrypt flow', () => {
  const ec2 = mockClient(EC2Client);
  beforeEach(() => ec2.reset());
  afterAll(() => ec2.restore());
  const folder = 'test_account_ebs_encrypt';

  it('enables encryption once when the region has it off', async () => {
    // Prepare
    ec2
      .on(GetEbsEncryptionByDefaultCommand)
      .resolves(placeboOutput(folder, 'ec2.GetEbsEncryptionByDefault_1'));
    ec2
      .on(EnableEbsEncryptionByDefaultCommand)
      .resolves(placeboOutput(folder, 'ec2.EnableEbsEncryptionByDefault_1'));

    // Act
    const outcome = await enableEbsEncryptionByDefault.run(new ClientFactory(), 'us-east-1', {});

    // Assess
    expect(outcome).toEqual({ status: 'done' });
    expect(ec2.commandCalls(EnableEbsEncryptionByDefaultCommand)).toHaveLength(1);
  });

  it('skips, calling nothing that changes, when the region already encrypts by default (the recorded after-state)', async () => {
    // Prepare
    ec2
      .on(GetEbsEncryptionByDefaultCommand)
      .resolves(placeboOutput(folder, 'ec2.GetEbsEncryptionByDefault_2'));

    // Act
    const outcome = await enableEbsEncryptionByDefault.run(new ClientFactory(), 'us-east-1', {});

    // Assess
    expect(outcome).toEqual({
      status: 'skipped',
      reason: 'EBS encryption by default is already on in us-east-1',
    });
    expect(ec2.commandCalls(EnableEbsEncryptionByDefaultCommand)).toHaveLength(0);
  });
});
