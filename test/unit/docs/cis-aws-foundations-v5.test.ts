import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Controls } from '../../../lib/findings';
import { runCli } from '../cli/io';
import { match } from '../../helpers/matchers';

const TABLE = join(__dirname, '..', '..', '..', 'docs', 'cis-aws-foundations-v5.md');

interface Row {
  readonly cisV5: string;
  readonly title: string;
  readonly cisV3: string[];
  readonly securityHub: string[];
  readonly assessment: string;
  readonly driftwatch: string;
  readonly checks: string[];
}

/** The benchmark rows of the coverage table (every table row whose first cell is a CIS id). */
function tableRows(): Row[] {
  const ids = (cell: string) => (cell === '-' ? [] : cell.split(',').map((s) => s.trim()));
  return readFileSync(TABLE, 'utf8')
    .split('\n')
    .map((line) => line.split('|').map((c) => c.trim()))
    .filter((cells) => cells.length === 9 && /^\d+(\.\d+)+$/.test(cells[1] ?? ''))
    .map((c) => ({
      cisV5: c[1]!,
      title: c[2]!,
      cisV3: ids(c[3]!),
      securityHub: ids(c[4]!),
      assessment: c[5]!,
      driftwatch: c[6]!,
      checks: ids(c[7]!),
    }));
}

interface RulesJson {
  rules: { id: string; controls: Controls; checks?: { id: string; controls: Controls }[] }[];
  manual: { cisV5: string; title: string; reason: string }[];
}

/** `rule/check` (or `rule` for a rule that declares no checks) with its controls, from the CLI. */
async function registryChecks(): Promise<{ name: string; controls: Controls }[]> {
  const doc = JSON.parse((await runCli(['rules', '--format', 'json'])).stdout) as RulesJson;
  return doc.rules.flatMap((r) =>
    r.checks
      ? r.checks.map((c) => ({ name: `${r.id}/${c.id}`, controls: c.controls }))
      : [{ name: r.id, controls: r.controls }],
  );
}

describe('the CIS AWS Foundations v5.0 coverage table (docs/cis-aws-foundations-v5.md)', () => {
  it('lists every requirement of sections 1 to 5 once, with a known driftwatch status', () => {
    // Act
    const rows = tableRows();
    // Assess: 21 + 9 + 9 + 16 + 8 requirements, no duplicates
    expect(rows).toHaveLength(63);
    expect(new Set(rows.map((r) => r.cisV5)).size).toBe(rows.length);
    for (const r of rows) {
      expect(['automated', 'automated (heuristic)', 'manual', 'not yet']).toContain(r.driftwatch);
      expect(['Automated', 'Manual']).toContain(r.assessment);
    }
  });

  it('names for each row exactly the rule checks whose findings evidence it, both ways', async () => {
    // Prepare
    const rows = tableRows();
    const checks = await registryChecks();
    // Act: the checks the registry says evidence each CIS v5.0 id
    const byId = new Map<string, string[]>();
    for (const c of checks)
      for (const id of c.controls.cisV5 ?? []) byId.set(id, [...(byId.get(id) ?? []), c.name]);
    // Assess: every automated row has its checks, every other row has none
    for (const r of rows) {
      expect({ id: r.cisV5, checks: [...(byId.get(r.cisV5) ?? [])].sort() }).toEqual({
        id: r.cisV5,
        checks: [...r.checks].sort(),
      });
      expect({ id: r.cisV5, automated: r.driftwatch.startsWith('automated') }).toEqual({
        id: r.cisV5,
        automated: r.checks.length > 0,
      });
    }
    // ...and every control a rule check names is a row of the table
    const known = new Set(rows.map((r) => r.cisV5));
    expect([...byId.keys()].filter((id) => !known.has(id))).toEqual([]);
  });

  it('gives a check that evidences one requirement the same CIS v3.0 id and Security Hub controls as its row', async () => {
    const rows = new Map(tableRows().map((r) => [r.cisV5, r]));
    for (const c of await registryChecks()) {
      const v5 = c.controls.cisV5 ?? [];
      if (v5.length !== 1) continue; // a rule-wide union (rules without meta.checks): no per-row mapping
      const row = rows.get(v5[0]!);
      expect({ check: c.name, cisV3: c.controls.cisV3 ?? [] }).toEqual({ check: c.name, cisV3: row?.cisV3 });
      for (const sh of c.controls.securityHub ?? [])
        expect({ check: c.name, sh, row: row?.securityHub }).toEqual({
          check: c.name,
          sh,
          row: match.arrayContaining([sh]),
        });
    }
  });

  it('marks manual exactly the requirements `driftwatch rules` lists as manual, with the same titles', async () => {
    const doc = JSON.parse((await runCli(['rules', '--format', 'json'])).stdout) as RulesJson;
    const manualRows = tableRows().filter((r) => r.driftwatch === 'manual');
    expect(doc.manual.map((m) => [m.cisV5, m.title])).toEqual(manualRows.map((r) => [r.cisV5, r.title]));
    const table = await runCli(['rules']);
    expect(table.stdout).toContain('Manual requirements (CIS v5.0; no driftwatch rule decides them)');
    for (const m of doc.manual) expect(table.stdout).toContain(`${m.cisV5.padEnd(6)} ${m.title}.`);
  });
});
