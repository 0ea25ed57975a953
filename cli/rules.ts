import * as z from 'zod/mini';
import type { Rule } from '../lib/rule';
import { rules as registry } from '../rules';
import type { CliIo } from './io';
import { EXIT } from './io';
import { MANUAL_REQUIREMENTS } from './manual-requirements';
import { parseChoice, parseFlags, selectRules } from './options';

export const RULES_HELP = `Usage: driftwatch rules [options]

Lists the rules with their severity, scope, CIS AWS Foundations controls (v3.0 and v5.0), Security
Hub controls, the IAM permissions they need and their parameters with defaults; then the CIS v5.0
requirements no rule evaluates (manual), with why.

Options:
  --rule ID         Only these rules (repeat, or comma-separate).
  --format FORMAT   table (default) or json: { rules: full metadata with a JSON Schema of the
                    parameters, manual: the CIS v5.0 requirements to review by hand }.
  -h, --help        Show this help.
`;

/** The flags of `driftwatch rules` (util.parseArgs options; shell completion is generated from them). */
export const RULES_FLAGS = {
  rule: { type: 'string', multiple: true },
  format: { type: 'string', default: 'table' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export async function rulesCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseFlags('rules', argv, RULES_FLAGS);
  if (values.help) {
    io.stdout.write(RULES_HELP);
    return EXIT.ok;
  }
  const format = parseChoice('--format', values.format ?? 'table', ['table', 'json'] as const);
  const selected = selectRules(registry, values.rule);
  const json = {
    rules: selected.map((r) => ({ ...r.meta, params: paramsSchema(r) })),
    manual: MANUAL_REQUIREMENTS,
  };
  io.stdout.write(
    format === 'json' ? `${JSON.stringify(json, null, 2)}\n` : `${renderRules(selected)}\n${renderManual()}`,
  );
  return EXIT.ok;
}

/** The rule's parameters as JSON Schema (what a run request's `params` accepts), from its zod schema. */
function paramsSchema(rule: Rule<never>): { properties?: Record<string, { default?: unknown }> } {
  return z.toJSONSchema(rule.params, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, { default?: unknown }>;
  };
}

export function renderRules(selected: readonly Rule<never>[]): string {
  const list = (ids: readonly string[] | undefined) => (ids && ids.length > 0 ? ids.join(', ') : '-');
  const params = (rule: Rule<never>) =>
    Object.entries(paramsSchema(rule).properties ?? {})
      .map(([name, p]) => `${name}=${JSON.stringify(p.default)}`)
      .join(', ') || '-';
  const blocks = selected.map((rule) => {
    const m = rule.meta;
    return [
      `${m.id}  (${m.severity}, ${m.scope})`,
      `  ${m.title}.`,
      `  CIS v3.0: ${list(m.controls.cisV3)}   CIS v5.0: ${list(m.controls.cisV5)}   Security Hub: ${list(m.controls.securityHub)}`,
      `  Reads: ${list(m.permissions.read)}`,
      `  Fixes: ${list(m.permissions.remediate)}`,
      `  Parameters: ${params(rule)}`,
    ].join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}

/** The CIS v5.0 requirements no rule evaluates, so a reader sees them rather than their absence. */
export function renderManual(): string {
  const lines = MANUAL_REQUIREMENTS.map((m) => `  ${m.cisV5.padEnd(6)} ${m.title}.\n         ${m.reason}`);
  return `Manual requirements (CIS v5.0; no driftwatch rule decides them)\n${lines.join('\n')}\n`;
}
