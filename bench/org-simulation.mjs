// Organization fan-out, simulated: N member accounts x 17 regions, every AWS call taking a fixed
// latency, scans running at most `concurrency` at a time per rule (the SQS event source's
// maximumConcurrency). Each scan is the production path (engine, live inventory, rule) over the fake
// AWS of bench/entries, plus one AssumeRole; the dispatcher's Organizations and SQS calls are modelled
// with the same latency. Reports wall time and API calls per account against a single-account scan.
//
//   node bench/org-simulation.mjs [--accounts 1000] [--concurrency 50] [--latency 20] [--rules cloudtrail-enabled,root-account-mfa]
//
// Runs on its own (node bench/org-simulation.mjs); not part of npm test.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_REGIONS } from './accounts.mjs';
import { loadBench } from './build.mjs';

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
}
const ACCOUNTS = Number(option('accounts', 1000));
const CONCURRENCY = Number(option('concurrency', 50));
const LATENCY_MS = Number(option('latency', 20));
const RULES = option('rules', 'cloudtrail-enabled,root-account-mfa').split(',');
/** ListAccounts returns at most 20 accounts a page; SendMessageBatch takes 10 messages. */
const LIST_PAGE = 20;
const SQS_BATCH = 10;
const SQS_IN_FLIGHT = 8;

const NOW = new Date('2026-03-10T10:30:00Z');
/** A typical small member account: a few volumes, snapshots and instances per region. */
const memberAccount = (account) => ({
  account,
  regions: DEFAULT_REGIONS,
  now: NOW,
  mfaDevices: 3,
  instanceStoreTypes: 20,
  sizes: (_region, r) => ({
    volumes: r === 0 ? 20 : 4,
    snapshots: r === 0 ? 60 : 10,
    images: 2,
    launchTemplateVersions: 2,
    instances: r === 0 ? 15 : 3,
  }),
});

async function pool(items, limit, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const sum = (o) => Object.values(o).reduce((a, b) => a + b, 0);
const round = (x, d = 0) => Math.round(x * 10 ** d) / 10 ** d;

/** One scan of one rule in one account, as a rule function invocation: AssumeRole, then the engine. */
async function scan(lib, rule, account, contents) {
  const clients = new lib.FakeAwsClients(memberAccount(account), { latencyMs: () => LATENCY_MS, contents });
  const started = performance.now();
  await sleep(LATENCY_MS); // sts:AssumeRole with the fleet's own credentials
  const request = lib.resolveRequest(rule, {}, { regions: 'all' });
  const run = await lib.runRule(rule, request, {
    inventory: new lib.LiveInventory(clients),
    clients,
    concurrency: 4,
    now: () => NOW,
  });
  if (run.findings.length === 0) throw new Error(`no findings for ${rule.meta.id} in ${account}`);
  return { ms: performance.now() - started, calls: sum(clients.counter.snapshot()) + 1 };
}

/** The dispatcher: paginated ListAccounts, then SendMessageBatch per rule, 8 batches in flight. */
async function dispatch(accounts) {
  const started = performance.now();
  let calls = 0;
  for (let i = 0; i < Math.ceil(accounts / LIST_PAGE); i += 1) {
    await sleep(LATENCY_MS);
    calls += 1;
  }
  const batches = Array.from({ length: Math.ceil(accounts / SQS_BATCH) * RULES.length }, (_, i) => i);
  await pool(batches, SQS_IN_FLIGHT, async () => {
    await sleep(LATENCY_MS);
    calls += 1;
  });
  return { ms: performance.now() - started, calls };
}

const lib = await loadBench();
const rules = RULES.map((id) => {
  const rule = lib.rules.find((r) => r.meta.id === id);
  if (!rule)
    throw new Error(`unknown rule ${id}; expected one of ${lib.rules.map((r) => r.meta.id).join(', ')}`);
  return rule;
});
const contents = new Map();
const accounts = Array.from({ length: ACCOUNTS }, (_, i) => String(200000000000 + i));

// Single-account figures: the same scan once, warm (median of 3), without AssumeRole.
const single = {};
for (const rule of rules) {
  const times = [];
  let calls = 0;
  for (let i = 0; i < 3; i += 1) {
    const r = await scan(lib, rule, '111122223333', contents);
    times.push(r.ms - LATENCY_MS);
    calls = r.calls - 1;
  }
  single[rule.meta.id] = { ms: times.sort((a, b) => a - b)[1], calls };
}

// The organization: the dispatcher, then every rule's queue drained at `concurrency` per rule
// (each rule function has its own queue and mapping, so the rules run side by side).
const started = performance.now();
const cpuStart = process.cpuUsage();
const dispatched = await dispatch(ACCOUNTS);
const perRule = {};
await Promise.all(
  rules.map(async (rule) => {
    const ruleStart = performance.now();
    const calls = [];
    await pool(accounts, CONCURRENCY, async (account) => {
      calls.push((await scan(lib, rule, account, contents)).calls);
    });
    perRule[rule.meta.id] = { ms: performance.now() - ruleStart, calls };
  }),
);
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuStart);

const rows = rules.map((rule) => {
  const id = rule.meta.id;
  const { ms, calls } = perRule[id];
  const s = single[id];
  const waves = Math.ceil(ACCOUNTS / CONCURRENCY);
  return {
    rule: id,
    singleAccountMs: round(s.ms),
    singleAccountCalls: s.calls,
    callsPerAccount: round(calls.reduce((a, b) => a + b, 0) / calls.length, 2),
    callsPerAccountMinMax: [Math.min(...calls), Math.max(...calls)],
    extraCallsPerAccount: round(calls.reduce((a, b) => a + b, 0) / calls.length - s.calls, 2),
    orgWallMs: round(ms),
    // Lambda gives every invocation its own CPU; this process shares one, so its wall time is an upper bound.
    expectedWallMs: round(waves * (s.ms + LATENCY_MS)),
    ratioToExpected: round(ms / (waves * (s.ms + LATENCY_MS)), 2),
  };
});

console.log(
  JSON.stringify(
    {
      accounts: ACCOUNTS,
      regions: DEFAULT_REGIONS.length,
      maximumConcurrency: CONCURRENCY,
      latencyMsPerCall: LATENCY_MS,
      dispatcher: { ms: round(dispatched.ms), calls: dispatched.calls },
      rules: rows,
      totalWallMs: round(wallMs),
      processCpuMs: round((cpu.user + cpu.system) / 1000),
      target:
        'calls per account = single-account calls + 1 (AssumeRole); wall ~ ceil(accounts / concurrency) x single-account wall',
    },
    null,
    2,
  ),
);
