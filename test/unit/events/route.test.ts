import { routeApiCall } from '../../../lib/events/route';
import { cloudtrailEnabled } from '../../../rules/cloudtrail-enabled';
import { rootAccountMfa } from '../../../rules/root-account-mfa';
import { documentedStartLogging, envelope, stopLoggingBy } from './fixtures';

const OWN = {
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:driftwatch-prod-cloudtrailEnabled',
};
const withOwn = { ...OWN, functionName: 'driftwatch-prod-cloudtrailEnabled' };

describe('routeApiCall', () => {
  it("turns a StopLogging call into a run of just that region in the function's own account, with the call's context", () => {
    // Act
    const routed = routeApiCall(cloudtrailEnabled, envelope(stopLoggingBy()), { remediate: true }, OWN);

    // Assess: remediation comes from the function's defaults; no account field for its own account
    expect(routed?.kind).toBe('scan');
    if (routed?.kind !== 'scan') return;
    expect(routed.request).toMatchObject({ regions: ['us-east-1'], remediate: true, dryRun: false });
    expect(routed.request.account).toBeUndefined();
    expect(routed.request.trigger).toMatchObject({
      eventName: 'StopLogging',
      principal: 'arn:aws:iam::123456789012:user/alice',
      sourceIp: '203.0.113.7',
      time: '2026-05-04T09:12:40Z',
      sentence:
        'Trail org-audit-trail was stopped by arn:aws:iam::123456789012:user/alice from 203.0.113.7 at 2026-05-04T09:12:40Z.',
    });
  });

  it('scans a member account through its role when the call was made there (a forwarded event)', () => {
    // Prepare
    const forwarded = envelope(stopLoggingBy(), { account: '210987654321' });

    // Act
    const routed = routeApiCall(cloudtrailEnabled, forwarded, {}, OWN);

    // Assess
    expect(routed?.kind === 'scan' && routed.request.account).toBe('210987654321');
  });

  it('ignores, with a summary saying why and no scan, an API call that cannot break the rule (the documented StartLogging)', () => {
    // Act
    const routed = routeApiCall(cloudtrailEnabled, envelope(documentedStartLogging), {}, OWN);

    // Assess
    expect(routed?.kind).toBe('ignored');
    expect(routed?.kind === 'ignored' && routed.summary).toMatchObject({
      rule: 'cloudtrail-enabled',
      regions: [],
      result:
        'ignored: StartLogging (aws.cloudtrail) is not an API call that can break cloudtrail-enabled (it reacts to StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors, PutAdvancedEventSelectors).',
      apiCalls: {},
      published: [],
    });
  });

  it('ignores a call that failed, one made by its own function, and one in a region it does not scan', () => {
    // Prepare
    const failed = envelope(stopLoggingBy(undefined, { errorCode: 'AccessDenied' }));
    const own = envelope(
      stopLoggingBy(
        'arn:aws:sts::123456789012:assumed-role/driftwatch-prod-CloudtrailEnabled-X/driftwatch-prod-cloudtrailEnabled',
        {
          userIdentity: {
            type: 'AssumedRole',
            arn: 'arn:aws:sts::123456789012:assumed-role/driftwatch-prod-CloudtrailEnabled-X/driftwatch-prod-cloudtrailEnabled',
          },
        },
      ),
    );
    const member = envelope(
      stopLoggingBy(undefined, {
        userIdentity: {
          type: 'AssumedRole',
          arn: 'arn:aws:sts::210987654321:assumed-role/cloudtrailEnabled/driftwatch-cloudtrail-enabled',
        },
      }),
    );

    // Act
    const reason = (event: unknown, regions?: string[]) => {
      const routed = routeApiCall(cloudtrailEnabled, event, regions ? { regions } : {}, withOwn);
      return routed?.kind === 'ignored' ? routed.summary.result : routed?.kind;
    };

    // Assess
    expect(reason(failed)).toBe(
      'ignored: the StopLogging call failed (AccessDenied), so it changed nothing.',
    );
    expect(reason(own)).toMatch(
      /^ignored: the StopLogging call was made by cloudtrail-enabled's own function/,
    );
    expect(reason(member)).toMatch(
      /^ignored: the StopLogging call was made by cloudtrail-enabled's own function/,
    );
    expect(reason(envelope(stopLoggingBy()), ['eu-west-1'])).toBe(
      'ignored: us-east-1 is not among the regions this function scans (DRIFTWATCH_REGIONS: eu-west-1).',
    );
  });

  it("matches a trigger's detail filter: CreateAccessKey by root starts root-account-mfa, by a user does not (hand-written events)", () => {
    // Prepare
    const createKey = (type: string, arn: string) =>
      envelope(
        stopLoggingBy(arn, {
          eventName: 'CreateAccessKey',
          eventSource: 'iam.amazonaws.com',
          userIdentity: { type, arn },
          requestParameters: {},
        }),
      );

    // Act
    const byRoot = routeApiCall(rootAccountMfa, createKey('Root', 'arn:aws:iam::123456789012:root'), {}, OWN);
    const byUser = routeApiCall(
      rootAccountMfa,
      createKey('IAMUser', 'arn:aws:iam::123456789012:user/bob'),
      {},
      OWN,
    );

    // Assess: a global rule runs once for the account, whatever the region
    expect(byRoot?.kind === 'scan' && byRoot.request.regions).toBe('all');
    expect(byUser?.kind).toBe('ignored');
  });

  it('leaves any other event to the schedule and payload parsers', () => {
    // Assess
    expect(routeApiCall(cloudtrailEnabled, { regions: ['us-east-1'] }, {}, OWN)).toBeUndefined();
    expect(routeApiCall(cloudtrailEnabled, undefined, {}, OWN)).toBeUndefined();
  });
});
