import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { matchesFilter, triggerPattern } from '../../lib/events/match';
import type { TriggerFilter } from '../../lib/events/types';
import { functionName } from '../../lib/rule';
import { rules } from '../../rules';
import { forwardingPatterns, renderMemberEvents } from '../../deploy/member-events';
import { triggerIds } from '../../deploy/triggers';
import type { Template } from '../helpers/package';
import { cfnLint, logicalId, packageTemplate, ROOT } from '../helpers/package';

const MEMBER_EVENTS = join(ROOT, 'deploy', 'member-events.yml');
const withTriggers = rules.filter((r) => (r.meta.triggers ?? []).length > 0);

describe('tamper sentinel in the packaged template', () => {
  let cleanup: (() => void) | undefined;
  let template: Template;
  let path: string;

  beforeAll(() => {
    ({ template, path, cleanup } = packageTemplate({
      stage: 'ci',
      dirPrefix: 'driftwatch-sentinel-package-',
      slsParams: ['organizationId=o-a1b2c3d4e5'],
    }));
  }, 150_000);
  afterAll(() => cleanup?.());

  it('declares triggers for the rules the issue names', () => {
    const names = (id: string) =>
      rules.find((r) => r.meta.id === id)?.meta.triggers?.flatMap((t) => t.eventNames);
    expect(names('cloudtrail-enabled')).toEqual([
      'StopLogging',
      'DeleteTrail',
      'UpdateTrail',
      'PutEventSelectors',
      'PutAdvancedEventSelectors',
    ]);
    expect(names('config-recorder-enabled')).toEqual([
      'StopConfigurationRecorder',
      'DeleteConfigurationRecorder',
      'DeleteDeliveryChannel',
      'PutConfigurationRecorder',
    ]);
    expect(names('root-account-mfa')).toEqual([
      'DeactivateMFADevice',
      'DeleteVirtualMFADevice',
      'CreateAccessKey',
    ]);
    expect(names('ebs-snapshot-lifecycle')).toEqual(['DeleteSnapshot', 'CreateTags', 'DeleteTags']);
  });

  describe.each(withTriggers.map((r) => [r.meta.id, r] as const))('%s', (_id, rule) => {
    const lambda = `${logicalId(functionName(rule.meta.id))}LambdaFunction`;

    it("has one EventBridge rule per trigger, matching exactly the trigger's events and targeting the rule's function", () => {
      const own = Object.entries(template.Resources).filter(
        ([, r]) =>
          r.Type === 'AWS::Events::Rule' &&
          r.Properties.EventPattern !== undefined &&
          JSON.stringify(r.Properties.Targets).includes(`"${lambda}"`),
      );
      const triggers = rule.meta.triggers ?? [];
      expect(own.map(([id]) => id).sort()).toEqual(
        triggers.map((_t, i) => triggerIds(rule.meta.id, i).rule).sort(),
      );
      triggers.forEach((trigger, i) => {
        const resource = template.Resources[triggerIds(rule.meta.id, i).rule];
        expect(resource?.Properties.EventPattern).toEqual(triggerPattern(trigger));
        expect(resource?.Properties).toMatchObject({
          State: { 'Fn::If': ['TriggersEnabled', 'ENABLED', 'DISABLED'] },
          Targets: [{ Arn: { 'Fn::GetAtt': [lambda, 'Arn'] } }],
        });
      });
    });

    it('lets each of its EventBridge rules, and only those, invoke the function', () => {
      (rule.meta.triggers ?? []).forEach((_t, i) => {
        const ids = triggerIds(rule.meta.id, i);
        expect(template.Resources[ids.permission]?.Properties).toEqual({
          Action: 'lambda:InvokeFunction',
          FunctionName: { 'Fn::GetAtt': [lambda, 'Arn'] },
          Principal: 'events.amazonaws.com',
          SourceArn: { 'Fn::GetAtt': [ids.rule, 'Arn'] },
        });
      });
    });
  });

  it('turns the triggers on by default (triggersEnabled) and admits only the organization on the default bus', () => {
    expect(template.Parameters?.TriggersEnabled).toMatchObject({
      Default: 'true',
      AllowedValues: ['true', 'false'],
    });
    expect(template.Parameters?.OrganizationId).toMatchObject({ Default: 'o-a1b2c3d4e5' });
    expect(template.Resources.OrganizationEventsBusPolicy).toMatchObject({
      Condition: 'AdmitOrganization',
      Properties: {
        EventBusName: 'default',
        Statement: {
          Effect: 'Allow',
          Principal: '*',
          Action: 'events:PutEvents',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrganizationId' } } },
        },
      },
    });
  });

  it('passes cfn-lint', () => {
    expect(cfnLint(path)).toEqual({ output: '', status: 0 });
  });
});

/** CloudFormation YAML read by PyYAML (installed with cfn-lint). */
function readYaml(file: string): Template {
  const out = spawnSync(
    'python3',
    ['-c', 'import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))', file],
    {
      encoding: 'utf8',
    },
  );
  if (out.status !== 0) throw new Error(`could not read ${file}: ${out.stderr}`);
  return JSON.parse(out.stdout) as Template;
}

describe('deploy/member-events.yml', () => {
  const template = readYaml(MEMBER_EVENTS);
  const forwards = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Events::Rule');

  it('is what `npm run member-role` generates from the registry', () => {
    expect(readFileSync(MEMBER_EVENTS, 'utf8')).toBe(renderMemberEvents(rules));
  });

  it('passes cfn-lint with no errors or warnings', () => {
    expect(cfnLint(MEMBER_EVENTS)).toEqual({ output: '', status: 0 });
  });

  it('forwards each source once, IAM from us-east-1 only, never from the fleet bus itself, through a role to the fleet bus', () => {
    const sources = [
      ...new Set(withTriggers.flatMap((r) => (r.meta.triggers ?? []).map((t) => t.source))),
    ].sort();
    expect(forwards).toHaveLength(sources.length);
    for (const [, r] of forwards) {
      const source = (r.Properties.EventPattern as { source: string[] }).source[0];
      expect(r.Condition).toBe(source === 'aws.iam' ? 'ForwardGlobal' : 'Forward');
      expect(r.Properties.Targets).toEqual([
        {
          Id: 'fleet-bus',
          Arn: {
            'Fn::Sub': 'arn:${AWS::Partition}:events:${FleetRegion}:${FleetAccountId}:event-bus/default',
          },
          RoleArn: { 'Fn::GetAtt': ['ForwardRole', 'Arn'] },
        },
      ]);
    }
    expect(
      (template as Template & { Conditions?: Record<string, unknown> }).Conditions?.ForwardGlobal,
    ).toEqual({
      'Fn::And': [{ Condition: 'Forward' }, { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] }],
    });
  });

  it("forwards exactly the events some rule's trigger matches (every trigger's sample in, a near miss out)", () => {
    const patterns = forwardingPatterns(rules);
    const forwarded = (source: string, detail: Record<string, unknown>) => {
      const p = patterns.get(source) as
        { detail?: TriggerFilter; $or?: { detail: TriggerFilter }[] } | undefined;
      const branches = p?.$or?.map((b) => b.detail) ?? (p?.detail ? [p.detail] : []);
      return branches.some((b) => matchesFilter(b, detail));
    };
    for (const t of withTriggers.flatMap((r) => r.meta.triggers ?? [])) {
      for (const eventName of t.eventNames) {
        const sample = {
          eventName,
          userIdentity: { type: 'Root' },
          requestParameters: { resourcesSet: { items: [{ resourceId: 'vol-0abc' }] } },
        };
        expect(forwarded(t.source, sample)).toBe(true);
      }
    }
    expect(forwarded('aws.cloudtrail', { eventName: 'StartLogging' })).toBe(false);
    expect(
      forwarded('aws.ec2', {
        eventName: 'CreateTags',
        requestParameters: { resourcesSet: { items: [{ resourceId: 'i-0abc' }] } },
      }),
    ).toBe(false);
  });
});
