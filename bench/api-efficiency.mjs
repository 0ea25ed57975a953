// (a) API efficiency: every rule's full scan of a 17-region synthetic account through the LIVE
// inventory (real SDK clients, paginators and call counter; a fake answers at the end of the SDK's
// initialize step). Calls per operation versus the minimum, ceil(items / largest page) per region.
import { efficiencyAccount } from './accounts.mjs';
import { round } from './table.mjs';

export const TARGET_RATIO = 1.05;

export async function apiEfficiency(lib) {
  const spec = efficiencyAccount();
  const rows = [];
  for (const rule of lib.rules) {
    const clients = new lib.FakeAwsClients(spec);
    const request = lib.resolveRequest(rule, {}, { regions: 'all' });
    const run = await lib.runRule(rule, request, {
      inventory: new lib.LiveInventory(clients),
      clients,
      concurrency: 4,
      now: () => spec.now,
    });
    if (run.partial) throw new Error(`${rule.meta.id}: the scan was partial: ${JSON.stringify(run.counts)}`);
    const made = clients.counter.snapshot();
    const served = {};
    for (const [key, n] of clients.served) {
      const action = key.split('@')[0];
      served[action] = (served[action] ?? 0) + n;
    }
    const minimum = lib.minimumCalls(
      spec,
      rule.meta.id,
      (r) => clients.region(r),
      () => clients.account(),
    );
    for (const action of [...new Set([...Object.keys(made), ...Object.keys(minimum)])].sort()) {
      const calls = made[action] ?? 0;
      const min = minimum[action] ?? 0;
      if (calls === 0 && min === 0) continue;
      if (served[action] !== calls)
        throw new Error(`${action}: counter says ${calls}, the fake served ${served[action]}`);
      rows.push({
        rule: rule.meta.id,
        operation: action,
        calls,
        minimum: min,
        ratio: min === 0 ? Infinity : round(calls / min, 3),
      });
    }
  }
  const totals = rows.reduce((t, r) => ({ calls: t.calls + r.calls, minimum: t.minimum + r.minimum }), {
    calls: 0,
    minimum: 0,
  });
  const worst = rows.reduce((w, r) => (r.ratio > w.ratio ? r : w), rows[0]);
  return {
    account: {
      regions: spec.regions.length,
      perRegion: Object.fromEntries(spec.regions.map((r, i) => [r, spec.sizes(r, i)])),
      mfaDevices: spec.mfaDevices,
    },
    operations: rows,
    total: { ...totals, ratio: round(totals.calls / totals.minimum, 3) },
    worst: { operation: `${worst.rule} ${worst.operation}`, ratio: worst.ratio },
    target: `every operation <= ${TARGET_RATIO} x minimum`,
    met: rows.every((r) => r.ratio <= TARGET_RATIO),
  };
}
