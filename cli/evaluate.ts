import type { Tracking } from '../lib/alerting';
import type { ClientFactory } from '../lib/aws/clients';
import { SnapshotReadMissingError } from '../lib/errors';
import type { RunResult } from '../lib/engine';
import type { Inventory } from '../lib/inventory/types';
import type { RunPayload } from '../lib/request';
import { resolveRequest } from '../lib/request';
import type { Rule } from '../lib/rule';
import { scanRule } from '../lib/scan';
import type { StateStore } from '../lib/state/types';
import type { Suppression } from '../lib/suppressions';
import type { RuleParams } from './params';
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
  /** Each rule's parameters (cli/params.ts, already validated). @default none: the rules' defaults */
  readonly params?: ReadonlyMap<string, RuleParams>;
  /**
   * Called for a rule whose reads a snapshot does not hold; the rule is then left out of the result
   * and the other rules still run. Without it the error stops the scan.
   */
  readonly onMissingRead?: (rule: Rule<never>, error: SnapshotReadMissingError) => void;
}

export interface RuleScan {
  readonly run: RunResult;
  readonly tracking: Tracking;
}

/**
 * Runs each rule through the scan pipeline (lib/scan.ts: evaluate → suppress → act → drift) over
 * one shared inventory (so rules share reads, and a live inventory records each read once),
 * reporting progress per rule and region. Every rule's steps are counted before the first runs, so
 * the progress total is the real one from the start. The CLI prints the runs together at the end.
 */
export async function scanRules(options: ScanRulesOptions): Promise<RuleScan[]> {
  const requests = options.rules.map((rule) => {
    const params = options.params?.get(rule.meta.id);
    return resolveRequest(
      rule,
      { params: params?.defaults ?? {} },
      { ...options.payload, params: params?.payload ?? {} },
    );
  });
  const steps = await Promise.all(
    options.rules.map((rule, i) => stepsOf(rule, options.inventory, requests[i]!.regions)),
  );
  options.progress.add(steps.reduce((sum, n) => sum + n, 0));
  const scans: RuleScan[] = [];
  for (const [i, rule] of options.rules.entries()) {
    let ticked = 0;
    try {
      const { run, tracking } = await scanRule(
        counted(rule, options.progress, () => (ticked += 1)),
        requests[i]!,
        {
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
        },
      );
      scans.push({ run, tracking });
    } catch (error) {
      if (!(error instanceof SnapshotReadMissingError) || !options.onMissingRead) throw error;
      options.progress.add(-Math.max(0, (steps[i] ?? 0) - ticked)); // its remaining steps will not run
      options.onMissingRead(rule, error);
    }
  }
  options.progress.done();
  return scans;
}

/** The rule, ticking progress as each region (and its account-wide check) finishes. */
function counted(rule: Rule<never>, progress: Progress, onTick: () => void): Rule<never> {
  const evaluateAccount = rule.evaluateAccount?.bind(rule);
  const ticking =
    <C extends { readonly region: string }, R>(evaluate: (context: C) => Promise<R>) =>
    async (context: C): Promise<R> => {
      try {
        return await evaluate(context);
      } finally {
        onTick();
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
