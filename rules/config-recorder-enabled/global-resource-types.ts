import { mapSettled } from '../../lib/concurrency';
import { InventoryReadError } from '../../lib/errors';
import {
  configRecorders,
  configRecorderStatus,
  customerManagedRecorder,
  GLOBAL_IAM_RESOURCE_TYPES,
  unrecordedGlobalTypes,
} from '../../lib/inventory/config';
import { enabledRegions } from '../../lib/inventory/regions';
import type { Inventory } from '../../lib/inventory/types';
import type { FindingDraft } from '../../lib/rule';

/** Regions whose recorders are read at once for the account-wide check (memoised: each at most once per run). */
const READ_CONCURRENCY = 8;

/** Whether `region`'s customer-managed recorder is recording all four global IAM resource types. */
async function recordsGlobalTypes(inventory: Inventory, region: string): Promise<boolean> {
  const recorder = customerManagedRecorder(await inventory.get(configRecorders, region));
  if (!recorder || unrecordedGlobalTypes(recorder).length > 0) return false;
  const status = (await inventory.get(configRecorderStatus, region)).find((s) => s.name === recorder.name);
  return status?.recording === true;
}

/**
 * The global IAM resource types (users, groups, roles, policies) are account-wide, so this check
 * needs every enabled region's recorder. A per-region evaluation reads them through the inventory:
 * the reads are memoised, so with `regions: all` it costs no extra call, and otherwise one
 * DescribeConfigurationRecorders per unscanned region (plus the status where a recorder covers them).
 * Reported once for the account (`scope: 'account'`, region `global`): FAIL when no region records
 * them, PASS otherwise, noting duplicate recording (one configuration item per region for each
 * change), ERROR when a region that might record them could not be read.
 */
export async function globalResourceTypesCheck(
  inventory: Inventory,
  account: string,
  region: string,
): Promise<FindingDraft> {
  const enabled = await inventory.get(enabledRegions);
  const regions = enabled.includes(region) ? enabled : [...enabled, region].sort();
  const settled = await mapSettled(regions, READ_CONCURRENCY, (r) => recordsGlobalTypes(inventory, r));
  const recordedIn: string[] = [];
  const unreadable: { region: string; errorCode: string }[] = [];
  for (const [i, result] of settled.entries()) {
    const r = regions[i] as string;
    if (result.status === 'fulfilled') {
      if (result.value) recordedIn.push(r);
    } else if (result.reason instanceof InventoryReadError) {
      unreadable.push({ region: r, errorCode: result.reason.awsCode });
    } else {
      throw result.reason;
    }
  }
  const resource = { type: 'AwsAccount', id: account };
  const base = {
    resource,
    checkId: 'global-resource-types',
    scope: 'account' as const,
    severity: 'medium' as const,
  };
  const details = {
    recordedIn,
    duplicates: recordedIn.length > 1,
    unreadableRegions: unreadable,
    resourceTypes: GLOBAL_IAM_RESOURCE_TYPES,
  };
  if (recordedIn.length === 0 && unreadable.length > 0) {
    const where = unreadable.map((u) => `${u.region} (${u.errorCode})`).join(', ');
    return {
      ...base,
      status: 'ERROR',
      message: `Could not confirm that any region of account ${account} records the global IAM resource types: none of the readable regions does, and ${where} could not be read.`,
      details,
    };
  }
  if (recordedIn.length === 0) {
    return {
      ...base,
      status: 'FAIL',
      message: `No region of account ${account} records the global IAM resource types (users, groups, roles, policies); turn on includeGlobalResourceTypes in exactly one region.`,
      details,
    };
  }
  const here = `${recordedIn.join(', ')} record${recordedIn.length === 1 ? 's' : ''}`;
  const duplicates =
    recordedIn.length > 1
      ? `; ${recordedIn.length} regions (${recordedIn.join(', ')}) record them, which duplicates every IAM configuration item, so keep one`
      : '';
  return {
    ...base,
    status: 'PASS',
    message: `The global IAM resource types of account ${account} are recorded: ${here} them${duplicates}.`,
    details,
  };
}
