/**
 * The library surface the .mjs benchmarks use, bundled by esbuild into bench/results/build/bench.cjs
 * (git-ignored): the production engine, inventories and rules, plus the synthetic account and fake AWS.
 */
export { evaluateRule, runRule } from '../../lib/engine';
export { ClientFactory } from '../../lib/aws/clients';
export { HEAVY_OPERATIONS } from '../../lib/aws/operation-limits';
export { LiveInventory } from '../../lib/inventory/live';
export { StoredInventory } from '../../lib/inventory/memory';
export {
  buildSnapshot,
  loadSnapshot,
  snapshotInventory,
  writeSnapshot,
} from '../../lib/inventory/snapshot-file';
export { resolveRequest } from '../../lib/request';
export { KNOWN_REGIONS } from '../../lib/regions';
export { rules } from '../../rules';
export { functionName } from '../../lib/rule';
export { FakeAwsClients } from './fake-aws';
export { API_MAX_PAGE, minimumCalls, regionContents } from './synthetic-account';
