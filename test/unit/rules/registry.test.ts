import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SEVERITIES } from '../../../lib/findings';
import { functionName } from '../../../lib/rule';
import { rules } from '../../../rules';

const ROOT = resolve(__dirname, '..', '..', '..');

describe('rule registry', () => {
  it('maps each rule id to its function name', () => {
    expect(functionName('root-account-mfa')).toBe('rootAccountMfa');
    expect(functionName('ec2-scheduled-events')).toBe('ec2ScheduledEvents');
  });

  it('lists every rule folder once, with unique ids', () => {
    const folders = readdirSync(join(ROOT, 'rules'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(rules.map((r) => r.meta.id).sort()).toEqual(folders.sort());
    expect(new Set(rules.map((r) => r.meta.id)).size).toBe(rules.length);
  });

  describe.each(rules.map((r) => [r.meta.id, r] as const))('%s', (id, rule) => {
    it('lives in rules/<id>/index.ts, exported under its function name (what the generated entry imports)', async () => {
      expect(existsSync(join(ROOT, 'rules', id, 'index.ts'))).toBe(true);
      const folder = (await import(join(ROOT, 'rules', id))) as Record<string, unknown>;
      expect(folder[functionName(id)]).toBe(rule);
    });

    it('has complete metadata: a compliant-state title, a severity, controls and permissions', () => {
      const m = rule.meta;
      expect(m.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(m.title).not.toMatch(/^Ensure/);
      expect(SEVERITIES).toContain(m.severity);
      expect(m.remediation.url).toMatch(/^https:\/\//);
      expect(m.permissions.read.length).toBeGreaterThan(0);
      for (const action of [...m.permissions.read, ...m.permissions.remediate])
        expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
      if (m.scope === 'regional') expect(rule.regions).toBeDefined();
    });

    it('accepts an empty parameter object (every parameter has a default)', () => {
      expect(rule.params.safeParse({}).success).toBe(true);
    });
  });
});
