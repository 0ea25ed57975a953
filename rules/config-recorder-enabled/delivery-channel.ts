import { InventoryReadError } from '../../lib/errors';
import type { ConfigRecorder, DeliveryChannel, DeliveryInfo } from '../../lib/inventory/config';
import { deliveryChannelStatus } from '../../lib/inventory/config';
import type { Inventory } from '../../lib/inventory/types';
import type { FindingDraft } from '../../lib/rule';

/** The last delivery of each kind that failed, e.g. `configHistory: AccessDenied (...)`. */
function failedDeliveries(status: {
  configSnapshot?: DeliveryInfo;
  configHistory?: DeliveryInfo;
  configStream?: DeliveryInfo;
}): string[] {
  const kinds = [
    ['configSnapshot', status.configSnapshot],
    ['configHistory', status.configHistory],
    ['configStream', status.configStream],
  ] as const;
  return kinds
    .filter(([, info]) => info?.lastStatus?.toLowerCase() === 'failure')
    .map(
      ([kind, info]) =>
        `${kind}${info?.lastErrorCode ? ` ${info.lastErrorCode}` : ''}${info?.lastErrorMessage ? ` (${info.lastErrorMessage})` : ''}`,
    );
}

/**
 * A failed DescribeDeliveryChannelStatus (moto has none) becomes an ERROR for this check only: the
 * recorder checks above still stand, and the gap is reported rather than read as "delivering".
 */
export async function deliveryCheck(
  inventory: Inventory,
  recorder: ConfigRecorder,
  channels: readonly DeliveryChannel[],
  region: string,
): Promise<FindingDraft> {
  const channel = channels[0];
  if (!channel) {
    return {
      resource: { type: 'AwsConfigDeliveryChannel', id: region },
      status: 'FAIL',
      checkId: 'delivery-channel',
      message: `Configuration recorder ${recorder.name} in ${region} has no delivery channel, so nothing it records is delivered (create one with aws configservice put-delivery-channel).`,
      details: { deliveryChannels: [] },
    };
  }
  const resource = { type: 'AwsConfigDeliveryChannel', id: channel.name };
  const details = { s3BucketName: channel.s3BucketName, snsTopicArn: channel.snsTopicArn };
  let statuses;
  try {
    statuses = await inventory.get(deliveryChannelStatus, region);
  } catch (error) {
    if (!(error instanceof InventoryReadError)) throw error;
    return {
      resource,
      status: 'ERROR',
      checkId: 'delivery-channel',
      message: `Could not check whether delivery channel ${channel.name} in ${region} last delivered successfully: ${error.awsCode}.`,
      details: { ...details, errorCode: error.awsCode, error: error.message, read: error.read },
    };
  }
  const status = statuses.find((s) => s.name === channel.name);
  const failed = status ? failedDeliveries(status) : [];
  if (failed.length > 0) {
    return {
      resource,
      status: 'FAIL',
      checkId: 'delivery-channel',
      message: `Delivery channel ${channel.name} in ${region} failed its last delivery: ${failed.join('; ')}.`,
      details: { ...details, deliveryStatus: status },
    };
  }
  return {
    resource,
    status: 'PASS',
    checkId: 'delivery-channel',
    message: `Delivery channel ${channel.name} in ${region} delivers to ${channel.s3BucketName ?? 'its bucket'} without failures.`,
    details: { ...details, deliveryStatus: status ?? null },
  };
}
