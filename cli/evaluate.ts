import type { Tracking } from '../lib/alerting';
import type { ClientFactory } from '../lib/aws/clients';
import type { RunResult } from '../lib/engine';
import type { Inventory } from '../lib/inventory/types';
import type { RunPayload } from '../lib/request';
import { resolveRequest } from '../lib/request';
import type { Rule } from '../lib/rule';
import { scanRule } from '../lib/scan';
import type { StateStore } from '../lib/state/types';
import type { Suppression } from '../lib/suppressions';
import type { Progress } from './progress';

export interface ScanRulesOptions {
  readonly rules: readonly Rule<never>[];
  readonly inventory: Inventory;
  /** Only for live scans that may remediate; without it actions are only planned. */
  readonly clients?: ClientFactory;
  readonly payload: RunPayload;
  /** The evaluation clock (a snapshot's capture time, or the wall clock). */
  readonly now: () => Date;
  readonly progress: Progress;
  /** @default none */
  readonly suppressions?: readonly Suppression[];
  /** The wall clock suppressions and drift are judged by. @default now() */
  readonly judgedAt?: Date;
  /** `--state FILE`: drift between scans. */
  readonly store?: StateStore;
  /** Milliseconds left before `--deadline`. */
  readonly remainingTimeMs?: () => number;
}

export interface RuleScan {
  readonly run: RunResult;
  readonly tracking: Tracking;
}

/**
 * Runs each rule through the scan pipeline (lib/scan.ts: evaluate → suppress → act → drift) over
 * one shared inventory (so rules share reads, and a live inventory records each read once),
 * reporting progress per rule and region. The CLI prints the runs together once all are done.
 */
export async function scanRules(options: ScanRulesOptions): Promise<RuleScan[]> {
  const scans: RuleScan[] = [];
  for (const rule of options.rules) {
    const request = resolveRequest(rule, {}, options.payload);
    options.progress.add(await stepsOf(rule, options.inventory, request.regions));
    const { run, tracking } = await scanRule(counted(rule, options.progress), request, {
      engine: {
        inventory: options.inventory,
        ...(options.clients ? { clients: options.clients } : {}),
        now: options.now,
        ...(options.remainingTimeMs ? { remainingTimeMs: options.remainingTimeMs } : {}),
      },
      suppressions: options.suppressions ?? [],
      judgedAt: options.judgedAt ?? options.now(),
      alerting: true,
      ...(options.store ? { store: options.store } : {}),
    });
    scans.push({ run, tracking });
  }
  options.progress.done();
  return scans;
}

/** The rule, ticking progress as each region (and its account-wide check) finishes. */
function counted(rule: Rule<never>, progress: Progress): Rule<never> {
  const { evaluateAccount } = rule;
  const ticking =
    <C extends { readonly region: string }, R>(evaluate: (context: C) => Promise<R>) =>
    async (context: C): Promise<R> => {
      try {
        return await evaluate(context);
      } finally {
        progress.tick(`${rule.meta.id} ${context.region}`);
      }
    };
  return {
    ...rule,
    evaluate: ticking((context) => rule.evaluate(context)),
    ...(evaluateAccount ? { evaluateAccount: ticking((context) => evaluateAccount(context)) } : {}),
  };
}

/** How many steps a rule takes: its regions (the regions read is memoised, so this costs no extra call), plus its account-wide check. */
async function stepsOf(
  rule: Rule<never>,
  inventory: Inventory,
  regions: 'all' | readonly string[],
): Promise<number> {
  const accountWide = rule.evaluateAccount ? 1 : 0;
  if (rule.meta.scope === 'global' || !rule.regions) return 1 + accountWide;
  try {
    const enabled = await inventory.get(rule.regions);
    return (
      (regions === 'all' ? enabled.length : regions.filter((r) => enabled.includes(r)).length) + accountWide
    );
  } catch {
    return 1; // the engine reports the failed read as an ERROR finding
  }
}
