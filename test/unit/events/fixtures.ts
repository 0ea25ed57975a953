/**
 * EventBridge "AWS API Call via CloudTrail" events for the sentinel's tests. No recorded event is in
 * ../shared/aws-recordings/ (it holds API responses only), so:
 * - DOCUMENTED records are copied from AWS documentation: the CloudTrail User Guide's log record
 *   example (StartLogging by IAM user Mary_Major, awsdocs/aws-cloudtrail-user-guide
 *   cloudtrail-event-reference.md) and the AWS Config Developer Guide's StopConfigurationRecorder
 *   record (awsdocs/aws-config-developer-guide cloudtrail-log-files-for-aws-config.md). EventBridge
 *   delivers such a record as the `detail` of an envelope (version, id, detail-type, source,
 *   account, time, region, resources), per the EventBridge event structure reference; `envelope`
 *   builds that part (HAND-WRITTEN ids and times).
 * - HAND-WRITTEN events (labelled so) change a documented record to the call a test needs.
 */

/** The EventBridge envelope around a CloudTrail record (HAND-WRITTEN ids and times). */
export function envelope(detail: Record<string, unknown>, over: Record<string, unknown> = {}) {
  const region = (detail.awsRegion as string | undefined) ?? 'us-east-1';
  const service = String(detail.eventSource).replace('.amazonaws.com', '');
  return {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': 'AWS API Call via CloudTrail',
    source: `aws.${service}`,
    account: (detail.recipientAccountId as string | undefined) ?? '123456789012',
    time: detail.eventTime,
    region,
    resources: [],
    detail,
    ...over,
  };
}

/** DOCUMENTED: CloudTrail User Guide, "CloudTrail log event reference" (StartLogging from the console). */
export const documentedStartLogging = {
  eventVersion: '1.05',
  userIdentity: {
    type: 'IAMUser',
    principalId: 'AIDAJDPLRKLG7UEXAMPLE',
    arn: 'arn:aws:iam::123456789012:user/Mary_Major',
    accountId: '123456789012',
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    userName: 'Mary_Major',
    sessionContext: {
      sessionIssuer: {},
      webIdFederationData: {},
      attributes: { mfaAuthenticated: 'false', creationDate: '2019-06-18T22:28:31Z' },
    },
    invokedBy: 'signin.amazonaws.com',
  },
  eventTime: '2019-06-19T00:18:31Z',
  eventSource: 'cloudtrail.amazonaws.com',
  eventName: 'StartLogging',
  awsRegion: 'us-east-2',
  sourceIPAddress: '203.0.113.64',
  userAgent: 'signin.amazonaws.com',
  requestParameters: { name: 'arn:aws:cloudtrail:us-east-2:123456789012:trail/My-First-Trail' },
  responseElements: null,
  requestID: 'ddf5140f-EXAMPLE',
  eventID: '7116c6a1-EXAMPLE',
  readOnly: false,
  eventType: 'AwsApiCall',
  recipientAccountId: '123456789012',
};

/** DOCUMENTED: AWS Config Developer Guide, "Example log files" (StopConfigurationRecorder). */
export const documentedStopConfigurationRecorder = {
  eventVersion: '1.02',
  userIdentity: {
    type: 'IAMUser',
    principalId: 'AIDACKCEVSQ6C2EXAMPLE',
    arn: 'arn:aws:iam::222222222222:user/JohnDoe',
    accountId: '222222222222',
    accessKeyId: 'AKIAI44QH8DHBEXAMPLE',
    userName: 'JohnDoe',
  },
  eventTime: '2014-12-11T18:35:13Z',
  eventSource: 'config.amazonaws.com',
  eventName: 'StopConfigurationRecorder',
  awsRegion: 'us-west-2',
  sourceIPAddress: '192.0.2.0',
  userAgent: 'aws-cli/1.2.11 Python/2.7.4 Linux/2.6.18-164.el5',
  requestParameters: { configurationRecorderName: 'default' },
  responseElements: null,
  requestID: '716deea3-8164-11e4-ab4f-657c7ab282ab',
  eventID: '6225a85d-1e49-41e9-bf43-3cfc5549e560',
  eventType: 'AwsApiCall',
  recipientAccountId: '222222222222',
};

/** HAND-WRITTEN from the documented StartLogging record: alice stops trail org-audit-trail from the CLI. */
export function stopLoggingBy(
  arn = 'arn:aws:iam::123456789012:user/alice',
  over: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    ...documentedStartLogging,
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLEALICE',
      arn,
      accountId: '123456789012',
      userName: 'alice',
    },
    eventTime: '2026-05-04T09:12:40Z',
    eventName: 'StopLogging',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.7',
    userAgent: 'aws-cli/2.15.0',
    requestParameters: { name: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/org-audit-trail' },
    ...over,
  };
}
