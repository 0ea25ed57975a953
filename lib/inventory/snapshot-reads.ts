import { callerIdentity } from './account';
import { cloudTrails } from './cloudtrail';
import { configRecorders, configRecorderStatus, deliveryChannels, deliveryChannelStatus } from './config';
import { ownedSnapshots, snapshotsInUse, volumes } from './ebs';
import { instanceStatuses, instances, instanceStoreTypes } from './ec2-instances';
import { accountSummary, virtualMfaDevices } from './iam';
import { enabledRegions } from './regions';
import type { ReadDef } from './types';

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
];
