import { z } from 'zod';
import { startConfigurationRecorder } from '../lib/actions/config';
import { plan } from '../lib/actions/types';
import type { ConfigRecorder, ConfigRecorderStatus, DeliveryChannel } from '../lib/inventory/config';
import {
  configRecorders,
  configRecorderStatus,
  customerManagedRecorder,
  deliveryChannels,
} from '../lib/inventory/config';
import { enabledRegions } from '../lib/inventory/regions';
import type { FindingDraft } from '../lib/rule';
import { defineRule } from '../lib/rule';
import { deliveryCheck } from './config-recorder-enabled/delivery-channel';
import { globalResourceTypesCheck } from './config-recorder-enabled/global-resource-types';

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
    permissions: {
      read: [
        'config:DescribeConfigurationRecorders',
        'config:DescribeConfigurationRecorderStatus',
        'config:DescribeDeliveryChannels',
        'config:DescribeDeliveryChannelStatus',
        'ec2:DescribeRegions',
      ],
      remediate: ['config:StartConfigurationRecorder'],
    },
    remediation: {
      text: 'In each region, create a configuration recorder that records all supported resource types, a delivery channel to an S3 bucket, and start the recorder; record the global IAM resource types in exactly one region.',
      url: 'https://docs.aws.amazon.com/config/latest/developerguide/stop-start-recorder.html',
    },
  },
  params: z.strictObject({}),
  regions: enabledRegions,
  async evaluate({ inventory, account, region }): Promise<FindingDraft[]> {
    const recorders = await inventory.get(configRecorders, region);
    const channels = await inventory.get(deliveryChannels, region);
    const recorder = customerManagedRecorder(recorders);
    const findings: FindingDraft[] = [];
    if (!recorder) {
      const serviceLinked = recorders.map((r) => r.name);
      const also = channels.length === 0 ? ' and no delivery channel' : '';
      findings.push({
        resource: { type: 'AwsRegion', id: region },
        status: 'FAIL',
        checkId: 'recorder',
        message: `Region ${region} has no AWS Config configuration recorder${also}, so no configuration changes are recorded there.`,
        details: {
          recorder: null,
          deliveryChannels: channels.map((c) => c.name),
          serviceLinkedRecorders: serviceLinked,
        },
      });
    } else {
      const status = (await inventory.get(configRecorderStatus, region)).find(
        (s) => s.name === recorder.name,
      );
      findings.push(recordingCheck(recorder, status, channels, region));
      findings.push(lastStatusCheck(recorder, status, region));
      findings.push(resourceTypesCheck(recorder, region));
      findings.push(await deliveryCheck(inventory, recorder, channels, region));
    }
    findings.push(await globalResourceTypesCheck(inventory, account, region));
    return findings;
  },
});

function recorderResource(recorder: ConfigRecorder) {
  return {
    type: 'AwsConfigConfigurationRecorder',
    id: recorder.name,
    ...(recorder.arn ? { arn: recorder.arn } : {}),
  };
}

function recordingCheck(
  recorder: ConfigRecorder,
  status: ConfigRecorderStatus | undefined,
  channels: readonly DeliveryChannel[],
  region: string,
): FindingDraft {
  const resource = recorderResource(recorder);
  const details = {
    recording: status?.recording ?? false,
    lastStopTime: status?.lastStopTime,
    deliveryChannels: channels.map((c) => c.name),
    roleArn: recorder.roleArn,
    // Security Hub Config.1 also asks for the service-linked role; evidence only, not a failure here.
    usesServiceLinkedRole: recorder.roleArn?.endsWith('/AWSServiceRoleForConfig') ?? false,
  };
  if (status?.recording) {
    return {
      resource,
      status: 'PASS',
      checkId: 'recorder',
      message: `Configuration recorder ${recorder.name} in ${region} is recording.`,
      details,
    };
  }
  const base = `Configuration recorder ${recorder.name} in ${region} is stopped, so configuration changes are not recorded`;
  if (channels.length === 0) {
    return {
      resource,
      status: 'FAIL',
      checkId: 'recorder',
      message: `${base}; it cannot be started until a delivery channel to an S3 bucket is created (aws configservice put-delivery-channel), then start it.`,
      details,
    };
  }
  return {
    resource,
    status: 'FAIL',
    checkId: 'recorder',
    message: `${base}.`,
    details,
    action: plan(
      startConfigurationRecorder,
      { recorderName: recorder.name },
      `Start configuration recorder ${recorder.name} in ${region}`,
    ),
  };
}

function lastStatusCheck(
  recorder: ConfigRecorder,
  status: ConfigRecorderStatus | undefined,
  region: string,
): FindingDraft {
  const resource = recorderResource(recorder);
  const details = {
    lastStatus: status?.lastStatus ?? null,
    lastErrorCode: status?.lastErrorCode,
    lastErrorMessage: status?.lastErrorMessage,
    lastStatusChangeTime: status?.lastStatusChangeTime,
  };
  if (status?.lastStatus?.toLowerCase() === 'failure') {
    const why = status.lastErrorCode
      ? ` (${status.lastErrorCode}${status.lastErrorMessage ? `: ${status.lastErrorMessage}` : ''})`
      : '';
    return {
      resource,
      status: 'FAIL',
      checkId: 'recorder-status',
      message: `Configuration recorder ${recorder.name} in ${region} last failed to record${why}.`,
      details,
    };
  }
  return {
    resource,
    status: 'PASS',
    checkId: 'recorder-status',
    message: `Configuration recorder ${recorder.name} in ${region} has no recording failure.`,
    details,
  };
}

function resourceTypesCheck(recorder: ConfigRecorder, region: string): FindingDraft {
  const resource = recorderResource(recorder);
  const base = { resource, checkId: 'resource-types', severity: 'medium' as const };
  const details = {
    strategy: recorder.strategy,
    allSupported: recorder.allSupported,
    resourceTypes: recorder.resourceTypes,
    excludedResourceTypes: recorder.excludedResourceTypes,
  };
  if (recorder.strategy === 'INCLUSION_BY_RESOURCE_TYPES') {
    const listed =
      recorder.resourceTypes.length === 0
        ? 'no resource types'
        : `only ${recorder.resourceTypes.length} resource types (${recorder.resourceTypes.join(', ')})`;
    return {
      ...base,
      status: 'FAIL',
      message: `Configuration recorder ${recorder.name} in ${region} records ${listed}, so every other supported type is not recorded.`,
      details,
    };
  }
  if (recorder.strategy === 'EXCLUSION_BY_RESOURCE_TYPES' && recorder.excludedResourceTypes.length > 0) {
    const n = recorder.excludedResourceTypes.length;
    return {
      ...base,
      status: 'FAIL',
      message: `Configuration recorder ${recorder.name} in ${region} does not record ${n} excluded resource type${n === 1 ? '' : 's'}: ${recorder.excludedResourceTypes.join(', ')}.`,
      details,
    };
  }
  return {
    ...base,
    status: 'PASS',
    message: `Configuration recorder ${recorder.name} in ${region} records all supported resource types.`,
    details,
  };
}
