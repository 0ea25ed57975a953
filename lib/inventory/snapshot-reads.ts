import { callerIdentity } from './account';
import { activeRefreshes, autoScalingGroups } from './autoscaling';
import { groupLaunches, groupMembers } from './autoscaling-members';
import { cloudTrails } from './cloudtrail';
import { metricAlarms } from './cloudwatch';
import { metricFilters } from './cloudwatch-logs';
import { configRecorders, configRecorderStatus, deliveryChannels, deliveryChannelStatus } from './config';
import { ownedSnapshots, snapshotsInUse, volumes } from './ebs';
import { lockedSnapshots } from './ebs-locks';
import { instanceStatuses, instances, instanceStoreTypes } from './ec2-instances';
import { networkAcls, securityGroups } from './ec2-network';
import { ebsEncryptionByDefault, instanceMetadata } from './ec2-settings';
import { vpcFlowLogs } from './flow-logs';
import { accountSummary, virtualMfaDevices } from './iam';
import { authorizationDetails } from './iam-authorization';
import { credentialReport } from './iam-credential-report';
import { instanceProfiles } from './iam-instance-roles';
import { passwordPolicy } from './iam-password-policy';
import { serverCertificates } from './iam-server-certificates';
import { imagesById, ownedImages } from './images';
import { kmsKeys } from './kms';
import { enabledRegions } from './regions';
import { runningInstances } from './running-instances';
import { bucketSecurity } from './s3';
import { accountPublicAccessBlock } from './s3-control';
import { bucketLogging } from './s3-logging';
import { topicSubscriptions } from './sns-subscriptions';
import { imageParameters } from './ssm';
import type { ReadDef } from './types';
import { peeringRoutes, vpcPeerings } from './vpc-peering';

/**
 * Every read of lib/inventory, which a snapshot file is checked against when it is loaded (each
 * stored value against its read's `schema`). A read missing here is still checked when a rule asks
 * for it (`snapshotInventory`); list it here so a bad value is refused before any rule runs.
 */
export const SNAPSHOT_READS: readonly ReadDef<unknown>[] = [
  callerIdentity,
  enabledRegions,
  accountSummary,
  virtualMfaDevices,
  volumes,
  ownedSnapshots,
  snapshotsInUse,
  instanceStatuses,
  instances,
  instanceStoreTypes,
  cloudTrails,
  configRecorders,
  configRecorderStatus,
  deliveryChannels,
  deliveryChannelStatus,
  // CIS and fleet reads.
  authorizationDetails,
  credentialReport,
  passwordPolicy,
  serverCertificates,
  instanceProfiles,
  accountPublicAccessBlock,
  bucketSecurity,
  bucketLogging,
  topicSubscriptions,
  metricFilters,
  metricAlarms,
  kmsKeys,
  vpcFlowLogs,
  securityGroups,
  networkAcls,
  ebsEncryptionByDefault,
  instanceMetadata,
  peeringRoutes,
  vpcPeerings,
  lockedSnapshots,
  runningInstances,
  ownedImages,
  imagesById,
  imageParameters,
  autoScalingGroups,
  activeRefreshes,
  groupMembers,
  groupLaunches,
];
