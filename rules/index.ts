import type { Rule } from '../lib/rule';
import { ec2ScheduledEvents } from './ec2-scheduled-events';
import { rootAccountMfa } from './root-account-mfa';
import { ebsSnapshotLifecycle } from './ebs-snapshot-lifecycle';
import { cloudtrailEnabled } from './cloudtrail-enabled';
import { configRecorderEnabled } from './config-recorder-enabled';
import { instanceStandard } from './instance-standard';
import { ec2Network } from './ec2-network';
import { s3Buckets } from './s3-buckets';
import { iamCredentials } from './iam-credentials';
import { iamPasswordPolicy } from './iam-password-policy';
import { iamPolicies } from './iam-policies';
import { cloudwatchAlarms } from './cloudwatch-alarms';
import { loggingCoverage } from './logging-coverage';

/**
 * The rule registry: an explicit list (no registration by import side effect), so each Lambda
 * bundle imports only its own rule while the CLI, template tests and docs see them all.
 */
export const rules: readonly Rule<never>[] = [
  rootAccountMfa as Rule<never>,
  ec2ScheduledEvents as Rule<never>,
  ebsSnapshotLifecycle as Rule<never>,
  cloudtrailEnabled as Rule<never>,
  configRecorderEnabled as Rule<never>,
  instanceStandard as Rule<never>,
  ec2Network as Rule<never>,
  s3Buckets as Rule<never>,
  iamCredentials as Rule<never>,
  iamPasswordPolicy as Rule<never>,
  iamPolicies as Rule<never>,
  cloudwatchAlarms as Rule<never>,
  loggingCoverage as Rule<never>,
];

export function findRule(id: string): Rule<never> | undefined {
  return rules.find((r) => r.meta.id === id);
}
