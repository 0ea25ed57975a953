import {
  EC2Client,
  EnableEbsEncryptionByDefaultCommand,
  GetEbsEncryptionByDefaultCommand,
} from '@aws-sdk/client-ec2';
import { defineAction } from './types';

/**
 * Turns on EBS encryption by default in the region: new volumes (and snapshot copies) are encrypted
 * with the region's default EBS key (`alias/aws/ebs` unless changed). Existing volumes are not
 * touched, and it is undone with DisableEbsEncryptionByDefault. Idempotent: a region where it is on
 * is reported as skipped.
 */
export const enableEbsEncryptionByDefault = defineAction<Record<string, never>>({
  name: 'ec2:EnableEbsEncryptionByDefault',
  alsoNeeds: ['ec2:GetEbsEncryptionByDefault'],
  async run(clients, region) {
    const client = clients.get(EC2Client, region);
    const now = await client.send(new GetEbsEncryptionByDefaultCommand({}));
    if (now.EbsEncryptionByDefault === true)
      return { status: 'skipped', reason: `EBS encryption by default is already on in ${region}` };
    await client.send(new EnableEbsEncryptionByDefaultCommand({}));
    return { status: 'done' };
  },
});
