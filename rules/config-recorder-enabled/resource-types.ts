import type { ConfigRecorder } from '../../lib/inventory/config';
import type { FindingDraft } from '../../lib/rule';
import { recorderResource } from './recorder';

/**
 * The recorder records all supported resource types (medium): an inclusion list, or an exclusion
 * list that excludes anything, fails, naming the types.
 */
export function resourceTypesCheck(recorder: ConfigRecorder, region: string): FindingDraft {
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
