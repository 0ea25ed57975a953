import { startConfigurationRecorder } from '../../lib/actions/config';
import { plan } from '../../lib/actions/types';
import type { ConfigRecorder, ConfigRecorderStatus, DeliveryChannel } from '../../lib/inventory/config';
import type { FindingDraft } from '../../lib/rule';

/** FAIL for the region: no customer-managed recorder (service-linked ones are listed as evidence). */
export function noRecorderCheck(
  recorders: readonly ConfigRecorder[],
  channels: readonly DeliveryChannel[],
  region: string,
): FindingDraft {
  const serviceLinked = recorders.map((r) => r.name);
  const also = channels.length === 0 ? ' and no delivery channel' : '';
  return {
    resource: { type: 'AwsRegion', id: region },
    status: 'FAIL',
    checkId: 'recorder',
    message: `Region ${region} has no AWS Config configuration recorder${also}, so no configuration changes are recorded there.`,
    details: {
      recorder: null,
      deliveryChannels: channels.map((c) => c.name),
      serviceLinkedRecorders: serviceLinked,
    },
  };
}

/** The recorder as a finding's resource. */
export function recorderResource(recorder: ConfigRecorder) {
  return {
    type: 'AwsConfigConfigurationRecorder',
    id: recorder.name,
    ...(recorder.arn ? { arn: recorder.arn } : {}),
  };
}

/**
 * The recorder is recording. A stopped one with a delivery channel gets a planned start; without a
 * channel AWS refuses to start it, so the message says to create the channel first.
 */
export function recordingCheck(
  recorder: ConfigRecorder,
  status: ConfigRecorderStatus | undefined,
  channels: readonly DeliveryChannel[],
  region: string,
): FindingDraft {
  const details = {
    recording: status?.recording ?? false,
    lastStopTime: status?.lastStopTime,
    deliveryChannels: channels.map((c) => c.name),
    roleArn: recorder.roleArn,
    // Security Hub Config.1 also asks for the service-linked role; evidence only, not a failure here.
    usesServiceLinkedRole: recorder.roleArn?.endsWith('/AWSServiceRoleForConfig') ?? false,
  };
  const base = { resource: recorderResource(recorder), checkId: 'recorder', details };
  if (status?.recording) {
    return {
      ...base,
      status: 'PASS',
      message: `Configuration recorder ${recorder.name} in ${region} is recording.`,
    };
  }
  const stopped = `Configuration recorder ${recorder.name} in ${region} is stopped, so configuration changes are not recorded`;
  if (channels.length === 0) {
    return {
      ...base,
      status: 'FAIL',
      message: `${stopped}; it cannot be started until a delivery channel to an S3 bucket is created (aws configservice put-delivery-channel), then start it.`,
    };
  }
  return {
    ...base,
    status: 'FAIL',
    message: `${stopped}.`,
    action: plan(
      startConfigurationRecorder,
      { recorderName: recorder.name },
      `Start configuration recorder ${recorder.name} in ${region}`,
    ),
  };
}

/** The recorder's last recording attempt did not fail (`lastStatus` Failure, with AWS's error). */
export function lastStatusCheck(
  recorder: ConfigRecorder,
  status: ConfigRecorderStatus | undefined,
  region: string,
): FindingDraft {
  const details = {
    lastStatus: status?.lastStatus ?? null,
    lastErrorCode: status?.lastErrorCode,
    lastErrorMessage: status?.lastErrorMessage,
    lastStatusChangeTime: status?.lastStatusChangeTime,
  };
  const base = { resource: recorderResource(recorder), checkId: 'recorder-status', details };
  if (status?.lastStatus?.toLowerCase() === 'failure') {
    const why = status.lastErrorCode
      ? ` (${status.lastErrorCode}${status.lastErrorMessage ? `: ${status.lastErrorMessage}` : ''})`
      : '';
    return {
      ...base,
      status: 'FAIL',
      message: `Configuration recorder ${recorder.name} in ${region} last failed to record${why}.`,
    };
  }
  return {
    ...base,
    status: 'PASS',
    message: `Configuration recorder ${recorder.name} in ${region} has no recording failure.`,
  };
}
