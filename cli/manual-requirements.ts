/**
 * The CIS AWS Foundations Benchmark v5.0.0 requirements driftwatch does not evaluate, each with why,
 * so `driftwatch rules` lists them rather than leaving them silently absent. The coverage table
 * (docs/cis-aws-foundations-v5.md) marks exactly these rows "manual"; a unit test holds the two equal.
 */
export interface ManualRequirement {
  /** The CIS v5.0 requirement id, e.g. `1.1`. */
  readonly cisV5: string;
  readonly title: string;
  /** Why no driftwatch rule decides it, and what a person checks instead. */
  readonly reason: string;
}

const NO_CLIENT = (service: string) =>
  `An API answers it, but driftwatch has no ${service} client: review it in the ${service} console or with Security Hub CSPM.`;

export const MANUAL_REQUIREMENTS: readonly ManualRequirement[] = [
  {
    cisV5: '1.1',
    title: 'Maintain current contact details',
    reason:
      'Whether the account contacts reach more than one current person is a fact about people, not configuration.',
  },
  {
    cisV5: '1.2',
    title: 'Ensure security contact information is registered',
    reason:
      'CIS assesses it manually (is the contact right?); registration alone needs the Account API, which driftwatch does not call.',
  },
  {
    cisV5: '1.19',
    title: 'Ensure that IAM External Access Analyzer is enabled for all regions',
    reason: NO_CLIENT('IAM Access Analyzer'),
  },
  {
    cisV5: '1.20',
    title:
      'Ensure IAM users are managed centrally via identity federation or AWS Organizations for multi-account environments',
    reason: 'Whether users are managed centrally is an organisational decision no single API states.',
  },
  {
    cisV5: '2.1.3',
    title: 'Ensure all data in Amazon S3 has been discovered, classified, and secured when necessary',
    reason:
      'Classification is judged on the data itself (e.g. with Amazon Macie), not read from bucket settings.',
  },
  {
    cisV5: '2.2.1',
    title: 'Ensure that encryption-at-rest is enabled for RDS instances',
    reason: NO_CLIENT('Amazon RDS'),
  },
  {
    cisV5: '2.2.2',
    title: 'Ensure the Auto Minor Version Upgrade feature is enabled for RDS instances',
    reason: NO_CLIENT('Amazon RDS'),
  },
  {
    cisV5: '2.2.3',
    title: 'Ensure that RDS instances are not publicly accessible',
    reason: NO_CLIENT('Amazon RDS'),
  },
  {
    cisV5: '2.2.4',
    title: 'Ensure Multi-AZ deployments are used for enhanced availability in Amazon RDS',
    reason: NO_CLIENT('Amazon RDS'),
  },
  {
    cisV5: '2.3.1',
    title: 'Ensure that encryption is enabled for EFS file systems',
    reason: NO_CLIENT('Amazon EFS'),
  },
  {
    cisV5: '4.16',
    title: 'Ensure AWS Security Hub is enabled',
    reason: NO_CLIENT(
      'AWS Security Hub CSPM (driftwatch publishes to Security Hub but does not read its status)',
    ),
  },
];
