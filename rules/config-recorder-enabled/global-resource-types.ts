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
 * The global IAM resource types (users, groups, roles, policies) are account-wide: evaluated once per
 * run (`evaluateAccount`, region `global`) over the scanned regions' recorders, which the regional
 * checks have read already (memoised: no extra call). Only the regions asked for are read, so when
 * the run scans some regions only and none of them records the types, the answer is unknown
 * (NOT_APPLICABLE, naming the unscanned regions) rather than a false FAIL. FAIL when no region records
 * them in a scan of every enabled region, PASS otherwise, noting duplicate recording (one
 * configuration item per region for each change), ERROR when a region that might record them could
 * not be read.
 */
export async function globalResourceTypesCheck(
  inventory: Inventory,
  account: string,
  scanned: readonly string[],
): Promise<FindingDraft> {
  const enabled = await inventory.get(enabledRegions);
  const regions = [...scanned].sort();
  const unscanned = enabled.filter((r) => !scanned.includes(r));
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
  if (recordedIn.length === 0 && unscanned.length > 0) {
    return {
      ...base,
      status: 'NOT_APPLICABLE',
      message: `None of the scanned regions of account ${account} (${regions.join(', ')}) records the global IAM resource types; ${unscanned.length} enabled region${unscanned.length === 1 ? ' was' : 's were'} not scanned (${unscanned.join(', ')}), so whether any region records them is not known. Scan all regions to decide.`,
      details: { ...details, unscannedRegions: unscanned },
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
