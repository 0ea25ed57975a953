import type { RuleMetadata } from '../lib/rule';
import { rules as registry } from '../rules';
import type { CliIo } from './io';
import { EXIT } from './io';
import { parseChoice, parseFlags, selectRules } from './options';

export const RULES_HELP = `Usage: driftwatch rules [options]

Lists the rules with their severity, scope, CIS AWS Foundations controls (v3.0 and v5.0), Security
Hub controls and the IAM permissions they need.

Options:
  --rule ID         Only these rules (repeat, or comma-separate).
  --format FORMAT   table (default) or json (the full metadata).
  -h, --help        Show this help.
`;

export async function rulesCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseFlags('rules', argv, {
    rule: { type: 'string', multiple: true },
    format: { type: 'string', default: 'table' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(RULES_HELP);
    return EXIT.ok;
  }
  const format = parseChoice('--format', values.format ?? 'table', ['table', 'json'] as const);
  const metas = selectRules(registry, values.rule).map((r) => r.meta);
  io.stdout.write(format === 'json' ? `${JSON.stringify(metas, null, 2)}\n` : renderRules(metas));
  return EXIT.ok;
}

export function renderRules(metas: readonly RuleMetadata[]): string {
  const list = (ids: readonly string[] | undefined) => (ids && ids.length > 0 ? ids.join(', ') : '-');
  const blocks = metas.map((m) =>
    [
      `${m.id}  (${m.severity}, ${m.scope})`,
      `  ${m.title}.`,
      `  CIS v3.0: ${list(m.controls.cisV3)}   CIS v5.0: ${list(m.controls.cisV5)}   Security Hub: ${list(m.controls.securityHub)}`,
      `  Reads: ${list(m.permissions.read)}`,
      `  Fixes: ${list(m.permissions.remediate)}`,
    ].join('\n'),
  );
  return `${blocks.join('\n\n')}\n`;
}
