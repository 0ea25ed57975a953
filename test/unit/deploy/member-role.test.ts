import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ruleStatements, statementActions } from '../../../deploy/iam';
import { memberIds, memberRoleTemplate, renderMemberRole } from '../../../deploy/member-role';
import type { IamStatement } from '../../../deploy/types';
import { toYaml } from '../../../deploy/yaml';
import { functionName } from '../../../lib/rule';
import { rules } from '../../../rules';

type Resource = { Type: string; Condition?: string; Properties: Record<string, unknown> };

describe('deploy/member-role.yml, generated from the registry', () => {
  const resources = memberRoleTemplate(rules).Resources as Record<string, Resource>;

  it('is up to date with the registry (regenerate with npm run member-role)', () => {
    const committed = readFileSync(join(__dirname, '..', '..', '..', 'deploy', 'member-role.yml'), 'utf8');
    expect(committed).toBe(renderMemberRole(rules));
  });

  describe.each(rules.map((r) => [r.meta.id, r] as const))('%s', (id, rule) => {
    const ids = memberIds(id);
    const role = resources[ids.role];

    it('has its own role, <RoleName>/<function>, granting exactly its read actions', () => {
      expect(role?.Properties).toMatchObject({
        RoleName: functionName(id),
        Path: { 'Fn::Sub': '/${RoleName}/' },
      });
      const policies = role?.Properties.Policies as { PolicyDocument: { Statement: IamStatement[] } }[];
      const actions = statementActions(policies.flatMap((p) => p.PolicyDocument.Statement));
      expect(actions.sort()).toEqual([...rule.meta.permissions.read].sort());
    });

    it('grants its remediation, scoped as in the fleet role, only when RemediationEnabled', () => {
      const remediation = resources[ids.remediation];
      if (rule.meta.permissions.remediate.length === 0) {
        expect(remediation).toBeUndefined();
        return;
      }
      expect(remediation).toMatchObject({ Type: 'AWS::IAM::RolePolicy', Condition: 'Remediate' });
      const doc = remediation?.Properties.PolicyDocument as { Statement: IamStatement[] };
      expect(doc.Statement).toEqual(ruleStatements(rule, 'remediate'));
    });

    it('trusts only the fleet role tagged with this rule, with the ExternalId', () => {
      const trust = role?.Properties.AssumeRolePolicyDocument as { Statement: Record<string, unknown>[] };
      expect(trust.Statement).toEqual([
        {
          Effect: 'Allow',
          Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${FleetAccountId}:root' } },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' }, 'aws:PrincipalTag/driftwatch:rule': id },
            ArnLike: {
              'aws:PrincipalArn': {
                'Fn::Sub': 'arn:${AWS::Partition}:iam::${FleetAccountId}:role/driftwatch-${FleetStage}-*',
              },
            },
          },
        },
      ]);
    });
  });
});

describe('deploy/yaml toYaml', () => {
  it('writes nested maps and lists, quoting strings YAML would read as something else', () => {
    // Act
    const text = toYaml({ a: { b: ['x', 'true', '3', '${AWS::Region}', 'k: v'], c: 2, d: true }, e: [] });

    // Assess
    expect(text).toBe(
      [
        'a:',
        '  b:',
        '    - x',
        '    - "true"',
        '    - "3"',
        '    - "${AWS::Region}"',
        '    - "k: v"',
        '  c: 2',
        '  d: true',
        'e: []',
        '',
      ].join('\n'),
    );
  });

  it('refuses values that are not plain data', () => {
    expect(() => toYaml({ f: () => 1 })).toThrow(/only objects, arrays, strings, numbers, booleans/);
  });
});
