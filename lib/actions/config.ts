import { ConfigServiceClient, StartConfigurationRecorderCommand } from '@aws-sdk/client-config-service';
import { defineAction } from './types';

/**
 * Starts a stopped configuration recorder. Idempotent: starting a recorder that is already recording
 * succeeds. Needs a delivery channel in the region (AWS answers `NoAvailableDeliveryChannelException`
 * otherwise), so rules plan it only where one exists.
 */
export const startConfigurationRecorder = defineAction<{ readonly recorderName: string }>({
  name: 'config:StartConfigurationRecorder',
  // The account's own recorders (arn:…:config:<region>:<account>:configuration-recorder/<name>/<id>).
  iam: {
    'config:StartConfigurationRecorder': [
      { resources: ['arn:${AWS::Partition}:config:*:${AWS::AccountId}:configuration-recorder/*'] },
    ],
  },
  async run(clients, region, { recorderName }) {
    await clients
      .get(ConfigServiceClient, region)
      .send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: recorderName }));
    return { status: 'done' };
  },
});
