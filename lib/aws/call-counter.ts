/**
 * Counts AWS API calls per operation (one per logical call, retries not included) so tests, the run
 * summary and benchmarks can say exactly what a scan cost and which IAM actions it used.
 */
export class CallCounter {
  private readonly counts = new Map<string, number>();

  /** Records one call of `service:Operation` (IAM action spelling, e.g. `iam:GetAccountSummary`). */
  record(action: string): void {
    this.counts.set(action, (this.counts.get(action) ?? 0) + 1);
  }

  /** Calls per action, sorted by action name. */
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  reset(): void {
    this.counts.clear();
  }
}

/** Maps an SDK client name (`IAMClient`, `ConfigServiceClient`) to the IAM service prefix. */
const SERVICE_PREFIX: Readonly<Record<string, string>> = {
  IAMClient: 'iam',
  STSClient: 'sts',
  EC2Client: 'ec2',
  CloudTrailClient: 'cloudtrail',
  ConfigServiceClient: 'config',
  SNSClient: 'sns',
  SQSClient: 'sqs',
  DynamoDBClient: 'dynamodb',
  OrganizationsClient: 'organizations',
  S3ControlClient: 's3',
  CloudWatchLogsClient: 'logs',
};

/** Operations whose IAM action is not named after them (`s3:ListBuckets` is authorised as `s3:ListAllMyBuckets`). */
const ACTION_OF_OPERATION: Readonly<Record<string, string>> = {
  'S3Client:ListBuckets': 's3:ListAllMyBuckets',
  'S3Client:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  'S3ControlClient:GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
  'S3ControlClient:PutPublicAccessBlock': 's3:PutAccountPublicAccessBlock',
};

/** `IAMClient` + `GetAccountSummaryCommand` → `iam:GetAccountSummary`. */
export function iamActionName(clientName: string, commandName: string): string {
  const renamed = ACTION_OF_OPERATION[`${clientName}:${commandName.replace(/Command$/, '')}`];
  if (renamed) return renamed;
  const prefix = SERVICE_PREFIX[clientName] ?? clientName.replace(/Client$/, '').toLowerCase();
  return `${prefix}:${commandName.replace(/Command$/, '')}`;
}
