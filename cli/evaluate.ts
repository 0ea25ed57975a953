import type { ClientFactory } from '../lib/aws/clients';
import type { RunResult } from '../lib/engine';
import { runRule } from '../lib/engine';
import type { Inventory } from '../lib/inventory/types';
import type { RunPayload } from '../lib/request';
import { resolveRequest } from '../lib/request';
import type { Rule } from '../lib/rule';
import type { Progress } from './progress';

export interface EvaluateOptions {
  readonly rules: readonly Rule<never>[];
  readonly inventory: Inventory;
  /** Only for live scans that may remediate; without it actions are only planned. */
  readonly clients?: ClientFactory;
  readonly payload: RunPayload;
  readonly now: () => Date;
  readonly progress: Progress;
}

/**
 * Runs each rule through the engine over one shared inventory (so rules share reads, and a live
 * inventory records each read once), reporting progress per rule and region.
 */
export async function evaluateRules(options: EvaluateOptions): Promise<RunResult[]> {
  const runs: RunResult[] = [];
  for (const rule of options.rules) {
    const request = resolveRequest(rule, {}, options.payload);
    options.progress.add(await stepsOf(rule, options.inventory, request.regions));
    const counted: Rule<never> = {
      ...rule,
      evaluate: async (context) => {
        try {
          return await rule.evaluate(context);
        } finally {
          options.progress.tick(`${rule.meta.id} ${context.region}`);
        }
      },
    };
    runs.push(
      await runRule(counted, request, {
        inventory: options.inventory,
        ...(options.clients ? { clients: options.clients } : {}),
        now: options.now,
      }),
    );
  }
  options.progress.done();
  return runs;
}

/** How many regions a rule will evaluate (the regions read is memoised, so this costs no extra call). */
async function stepsOf(
  rule: Rule<never>,
  inventory: Inventory,
  regions: 'all' | readonly string[],
): Promise<number> {
  if (rule.meta.scope === 'global' || !rule.regions) return 1;
  try {
    const enabled = await inventory.get(rule.regions);
    return regions === 'all' ? enabled.length : regions.filter((r) => enabled.includes(r)).length;
  } catch {
    return 1; // the engine reports the failed read as an ERROR finding
  }
}
