import { CloudTrailClient, CreateTrailCommand, PutEventSelectorsCommand } from '@aws-sdk/client-cloudtrail';
import {
  ConfigServiceClient,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
} from '@aws-sdk/client-config-service';
import type { Moto } from './moto';
import { createBucket, motoClient } from './moto';

/**
 * A multi-region trail homed in us-east-1 writing to a new bucket, created but never started,
 * recording read and write management events, with log-file validation and no KMS key. moto leaves a
 * new trail's selectors empty (AWS stores the default one), so the selector is put explicitly.
 */
export async function stoppedMultiRegionTrail(moto: Moto, name: string, bucket: string): Promise<void> {
  await createBucket(moto, bucket);
  const cloudtrail = motoClient(moto, CloudTrailClient);
  await cloudtrail.send(
    new CreateTrailCommand({
      Name: name,
      S3BucketName: bucket,
      IsMultiRegionTrail: true,
      EnableLogFileValidation: true,
    }),
  );
  await cloudtrail.send(
    new PutEventSelectorsCommand({
      TrailName: name,
      EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }],
    }),
  );
}

/**
 * A stopped configuration recorder `default` in us-east-1, recording every supported type (global
 * types included), with a delivery channel to `config-bucket`.
 */
export async function stoppedConfigRecorder(moto: Moto): Promise<void> {
  const config = motoClient(moto, ConfigServiceClient);
  await config.send(
    new PutConfigurationRecorderCommand({
      ConfigurationRecorder: {
        name: 'default',
        roleARN: 'arn:aws:iam::123456789012:role/config-recorder',
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
      },
    }),
  );
  await config.send(
    new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: 'config-bucket' } }),
  );
}
