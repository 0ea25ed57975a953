import * as z from 'zod/mini';
import { startConfigurationRecorder } from '../../lib/actions/config';
import {
  configRecorders,
  configRecorderStatus,
  customerManagedRecorder,
  deliveryChannelStatus,
  deliveryChannels,
} from '../../lib/inventory/config';
import { enabledRegions } from '../../lib/inventory/regions';
import type { FindingDraft } from '../../lib/rule';
import { defineRule } from '../../lib/rule';
import { deliveryCheck } from './delivery-channel';
import { globalResourceTypesCheck } from './global-resource-types';
import { lastStatusCheck, noRecorderCheck, recordingCheck } from './recorder';
import { resourceTypesCheck } from './resource-types';

/**
 * config-recorder-enabled: AWS Config records every supported resource type in every enabled region
 * and delivers what it records. Per region, separate checks: a customer-managed recorder exists and
 * is recording (`recorder`), its last status is not a failure (`recorder-status`), it records all
 * supported types (`resource-types`), a delivery channel exists and its last delivery did not fail
 * (`delivery-channel`); and, account-wide and reported once (region `global`), the global IAM
 * resource types are recorded somewhere (`global-resource-types`, noting duplicates).
 */
export const configRecorderEnabled = defineRule({
  meta: {
    id: 'config-recorder-enabled',
    title: 'AWS Config is recording all resource types in every region',
    description:
      'Checks, in each enabled region, that a customer-managed AWS Config recorder exists, is recording all supported resource types without failing, and has a working delivery channel, and that the global IAM resource types are recorded in at least one region.',
    risk: 'Without AWS Config there is no history of who changed what, so drift, incidents and audits cannot be reconstructed in that region.',
    severity: 'high',
    resourceType: 'AwsConfigConfigurationRecorder',
    scope: 'regional',
    controls: { cisV3: ['3.3'], cisV5: ['3.3'], securityHub: ['Config.1'] },
    deployment: { schedule: 'rate(12 hours)' },
    triggers: [
      {
        source: 'aws.config',
        eventNames: [
          'StopConfigurationRecorder',
          'DeleteConfigurationRecorder',
          'DeleteDeliveryChannel',
          'PutConfigurationRecorder',
        ],
      },
    ],
    remediation: {
      text: 'In each region, create a configuration recorder that records all supported resource types, a delivery channel to an S3 bucket, and start the recorder; record the global IAM resource types in exactly one region.',
      url: 'https://docs.aws.amazon.com/config/latest/developerguide/stop-start-recorder.html',
    },
  },
  reads: [configRecorders, configRecorderStatus, deliveryChannels, deliveryChannelStatus],
  actions: [startConfigurationRecorder],
  params: z.strictObject({}),
  regions: enabledRegions,
  async evaluate({ inventory, region }): Promise<FindingDraft[]> {
    const recorders = await inventory.get(configRecorders, region);
    const channels = await inventory.get(deliveryChannels, region);
    const recorder = customerManagedRecorder(recorders);
    const findings: FindingDraft[] = [];
    if (!recorder) {
      findings.push(noRecorderCheck(recorders, channels, region));
    } else {
      const status = (await inventory.get(configRecorderStatus, region)).find(
        (s) => s.name === recorder.name,
      );
      findings.push(recordingCheck(recorder, status, channels, region));
      findings.push(lastStatusCheck(recorder, status, region));
      findings.push(resourceTypesCheck(recorder, region));
      findings.push(await deliveryCheck(inventory, recorder, channels, region));
    }
    return findings;
  },
  /** The global IAM resource types, once per run over the scanned regions' recorders. */
  async evaluateAccount({ inventory, account, regions }): Promise<FindingDraft[]> {
    return [await globalResourceTypesCheck(inventory, account, regions)];
  },
});
