import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
  DescribeDeliveryChannelStatusCommand,
} from '@aws-sdk/client-config-service';
import type { ConfigExportDeliveryInfo, ConfigStreamDeliveryInfo } from '@aws-sdk/client-config-service';
import {
  configRecorderStatusSchema,
  configRecordersSchema,
  deliveryChannelStatusSchema,
  deliveryChannelsSchema,
} from './snapshot-schemas';
import { defineRead } from './types';

/**
 * AWS Config, one read per API so a rule pays only for what it asks: the recorder status is read only
 * where a recorder exists, the delivery-channel status only where a channel exists, and other regions'
 * recorders (for the global-resource-types check) cost one DescribeConfigurationRecorders each.
 * None of these APIs paginates.
 */

export type RecordingStrategy =
  'ALL_SUPPORTED_RESOURCE_TYPES' | 'INCLUSION_BY_RESOURCE_TYPES' | 'EXCLUSION_BY_RESOURCE_TYPES';

export interface ConfigRecorder {
  readonly name: string;
  readonly arn?: string;
  readonly roleArn?: string;
  readonly allSupported: boolean;
  readonly includeGlobalResourceTypes: boolean;
  /** `recordingStrategy.useOnly`, or derived from `allSupported` for recorders created before strategies existed. */
  readonly strategy: RecordingStrategy;
  /** The allow-list (INCLUSION_BY_RESOURCE_TYPES). */
  readonly resourceTypes: readonly string[];
  /** The deny-list (EXCLUSION_BY_RESOURCE_TYPES). */
  readonly excludedResourceTypes: readonly string[];
  /** Set for service-linked recorders, whose scope another AWS service decides. */
  readonly servicePrincipal?: string;
  /** `INTERNAL` (free, service-linked) or `PAID`. */
  readonly recordingScope?: string;
  readonly recordingFrequency?: string;
}

export const configRecorders = defineRead<ConfigRecorder[]>({
  name: 'config.recorders',
  scope: 'regional',
  actions: ['config:DescribeConfigurationRecorders'],
  schema: configRecordersSchema,
  async fetch(clients, region) {
    const out = await clients
      .get(ConfigServiceClient, region)
      .send(new DescribeConfigurationRecordersCommand({}));
    return (out.ConfigurationRecorders ?? []).map((r) => {
      const group = r.recordingGroup ?? {};
      const allSupported = group.allSupported ?? false;
      const useOnly = group.recordingStrategy?.useOnly;
      return {
        name: r.name ?? '',
        ...(r.arn ? { arn: r.arn } : {}),
        ...(r.roleARN ? { roleArn: r.roleARN } : {}),
        allSupported,
        includeGlobalResourceTypes: group.includeGlobalResourceTypes ?? false,
        strategy: useOnly ?? (allSupported ? 'ALL_SUPPORTED_RESOURCE_TYPES' : 'INCLUSION_BY_RESOURCE_TYPES'),
        resourceTypes: [...(group.resourceTypes ?? [])],
        excludedResourceTypes: [...(group.exclusionByResourceTypes?.resourceTypes ?? [])],
        ...(r.servicePrincipal ? { servicePrincipal: r.servicePrincipal } : {}),
        ...(r.recordingScope ? { recordingScope: r.recordingScope } : {}),
        ...(r.recordingMode?.recordingFrequency
          ? { recordingFrequency: r.recordingMode.recordingFrequency }
          : {}),
      };
    });
  },
});

export interface ConfigRecorderStatus {
  readonly name: string;
  readonly recording: boolean;
  /** `Pending`, `Success` or `Failure` (older responses and moto spell it in capitals). */
  readonly lastStatus?: string;
  readonly lastErrorCode?: string;
  readonly lastErrorMessage?: string;
  readonly lastStartTime?: string;
  readonly lastStopTime?: string;
  readonly lastStatusChangeTime?: string;
}

export const configRecorderStatus = defineRead<ConfigRecorderStatus[]>({
  name: 'config.recorderStatus',
  scope: 'regional',
  actions: ['config:DescribeConfigurationRecorderStatus'],
  schema: configRecorderStatusSchema,
  async fetch(clients, region) {
    const out = await clients
      .get(ConfigServiceClient, region)
      .send(new DescribeConfigurationRecorderStatusCommand({}));
    return (out.ConfigurationRecordersStatus ?? []).map((s) => ({
      name: s.name ?? '',
      recording: s.recording ?? false,
      ...(s.lastStatus ? { lastStatus: s.lastStatus } : {}),
      ...(s.lastErrorCode ? { lastErrorCode: s.lastErrorCode } : {}),
      ...(s.lastErrorMessage ? { lastErrorMessage: s.lastErrorMessage } : {}),
      ...(s.lastStartTime ? { lastStartTime: s.lastStartTime.toISOString() } : {}),
      ...(s.lastStopTime ? { lastStopTime: s.lastStopTime.toISOString() } : {}),
      ...(s.lastStatusChangeTime ? { lastStatusChangeTime: s.lastStatusChangeTime.toISOString() } : {}),
    }));
  },
});

export interface DeliveryChannel {
  readonly name: string;
  readonly s3BucketName?: string;
  readonly s3KeyPrefix?: string;
  readonly snsTopicArn?: string;
  readonly deliveryFrequency?: string;
}

export const deliveryChannels = defineRead<DeliveryChannel[]>({
  name: 'config.deliveryChannels',
  scope: 'regional',
  actions: ['config:DescribeDeliveryChannels'],
  schema: deliveryChannelsSchema,
  async fetch(clients, region) {
    const out = await clients.get(ConfigServiceClient, region).send(new DescribeDeliveryChannelsCommand({}));
    return (out.DeliveryChannels ?? []).map((c) => ({
      name: c.name ?? '',
      ...(c.s3BucketName ? { s3BucketName: c.s3BucketName } : {}),
      ...(c.s3KeyPrefix ? { s3KeyPrefix: c.s3KeyPrefix } : {}),
      ...(c.snsTopicARN ? { snsTopicArn: c.snsTopicARN } : {}),
      ...(c.configSnapshotDeliveryProperties?.deliveryFrequency
        ? { deliveryFrequency: c.configSnapshotDeliveryProperties.deliveryFrequency }
        : {}),
    }));
  },
});

/** The outcome of the last delivery of one kind (snapshot, history, SNS stream). */
export interface DeliveryInfo {
  /** `Success`, `Failure` or `Not_Applicable` (e.g. no SNS topic). */
  readonly lastStatus?: string;
  readonly lastErrorCode?: string;
  readonly lastErrorMessage?: string;
  readonly lastAttemptTime?: string;
  readonly lastSuccessfulTime?: string;
}

export interface DeliveryChannelStatus {
  readonly name: string;
  readonly configSnapshot?: DeliveryInfo;
  readonly configHistory?: DeliveryInfo;
  readonly configStream?: DeliveryInfo;
}

function deliveryInfo(
  info: ConfigExportDeliveryInfo | ConfigStreamDeliveryInfo | undefined,
): DeliveryInfo | undefined {
  if (!info) return undefined;
  const successful = 'lastSuccessfulTime' in info ? info.lastSuccessfulTime : undefined;
  const attempt = 'lastAttemptTime' in info ? info.lastAttemptTime : undefined;
  const changed = 'lastStatusChangeTime' in info ? info.lastStatusChangeTime : undefined;
  const lastAttempt = attempt ?? changed;
  return {
    ...(info.lastStatus ? { lastStatus: info.lastStatus } : {}),
    ...(info.lastErrorCode ? { lastErrorCode: info.lastErrorCode } : {}),
    ...(info.lastErrorMessage ? { lastErrorMessage: info.lastErrorMessage } : {}),
    ...(lastAttempt ? { lastAttemptTime: lastAttempt.toISOString() } : {}),
    ...(successful ? { lastSuccessfulTime: successful.toISOString() } : {}),
  };
}

export const deliveryChannelStatus = defineRead<DeliveryChannelStatus[]>({
  name: 'config.deliveryChannelStatus',
  scope: 'regional',
  actions: ['config:DescribeDeliveryChannelStatus'],
  schema: deliveryChannelStatusSchema,
  async fetch(clients, region) {
    const out = await clients
      .get(ConfigServiceClient, region)
      .send(new DescribeDeliveryChannelStatusCommand({}));
    return (out.DeliveryChannelsStatus ?? []).map((s) => {
      const snapshot = deliveryInfo(s.configSnapshotDeliveryInfo);
      const history = deliveryInfo(s.configHistoryDeliveryInfo);
      const stream = deliveryInfo(s.configStreamDeliveryInfo);
      return {
        name: s.name ?? '',
        ...(snapshot ? { configSnapshot: snapshot } : {}),
        ...(history ? { configHistory: history } : {}),
        ...(stream ? { configStream: stream } : {}),
      };
    });
  },
});

/**
 * The customer-managed recorder (at most one per region). Service-linked recorders (`servicePrincipal`
 * set) record what another service chose, often for free and without delivering, so they do not count.
 */
export function customerManagedRecorder(recorders: readonly ConfigRecorder[]): ConfigRecorder | undefined {
  return recorders.find((r) => r.servicePrincipal === undefined && r.recordingScope !== 'INTERNAL');
}

/** The global IAM resource types that `includeGlobalResourceTypes` (or an explicit list) covers. */
export const GLOBAL_IAM_RESOURCE_TYPES = [
  'AWS::IAM::User',
  'AWS::IAM::Group',
  'AWS::IAM::Role',
  'AWS::IAM::Policy',
] as const;

/** The global IAM resource types a recorder's recording group leaves out. */
export function unrecordedGlobalTypes(recorder: ConfigRecorder): string[] {
  switch (recorder.strategy) {
    case 'ALL_SUPPORTED_RESOURCE_TYPES':
      return recorder.includeGlobalResourceTypes ? [] : [...GLOBAL_IAM_RESOURCE_TYPES];
    case 'EXCLUSION_BY_RESOURCE_TYPES':
      return GLOBAL_IAM_RESOURCE_TYPES.filter((t) => recorder.excludedResourceTypes.includes(t));
    case 'INCLUSION_BY_RESOURCE_TYPES':
      return GLOBAL_IAM_RESOURCE_TYPES.filter((t) => !recorder.resourceTypes.includes(t));
  }
}
